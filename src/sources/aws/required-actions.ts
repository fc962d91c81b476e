// Every IAM action the AWS source calls, by where it is needed. docs/iamdx-minimal-policy.json grants exactly these
// (a test checks); AccessDenied failures name them.

export const REQUIRED_ACTIONS = {
  /** In every account iamdx reads (the role IAMDX_ASSUME_ROLE_NAME). */
  account: [
    'iam:GetUser',
    'iam:ListUserPolicies',
    'iam:GetUserPolicy',
    'iam:ListAttachedUserPolicies',
    'iam:ListGroupsForUser',
    'iam:ListGroupPolicies',
    'iam:GetGroupPolicy',
    'iam:ListAttachedGroupPolicies',
    'iam:GetRole',
    'iam:ListRolePolicies',
    'iam:GetRolePolicy',
    'iam:ListAttachedRolePolicies',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
    'kms:DescribeKey',
    'kms:GetKeyPolicy',
    'kms:ListResourceTags',
    's3:GetBucketPolicy',
    'sqs:GetQueueAttributes',
    'sns:GetTopicAttributes',
    'lambda:GetPolicy',
    'secretsmanager:GetResourcePolicy',
  ],
  /** Through the organization role (IAMDX_ORG_ROLE_ARN): the management account or a delegated administrator. */
  organization: ['organizations:DescribeOrganization', 'organizations:ListParents', 'organizations:ListPoliciesForTarget', 'organizations:DescribePolicy'],
  /** For iamdx's own principal: assuming the roles above. */
  assume: ['sts:AssumeRole'],
} as const
