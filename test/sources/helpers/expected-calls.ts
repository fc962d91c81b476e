// What the AWS source is expected to call, shared by the source tests and bench/live.ts.

/** The calls a cold read of app-role with its KMS key makes: one per thing read, none repeated. */
export const COLD_APP_ROLE_KMS: Record<string, number> = {
  'sts:AssumeRole': 2, // account 333 and the organization role
  'iam:GetRole': 1,
  'iam:ListRolePolicies': 1,
  'iam:GetRolePolicy': 1,
  'iam:ListAttachedRolePolicies': 1,
  'iam:GetPolicy': 3, // app-read, AWSLambdaBasicExecutionRole, the boundary
  'iam:GetPolicyVersion': 3,
  'organizations:DescribeOrganization': 1,
  'organizations:ListParents': 4, // account → Payments → Prod → Workloads → root
  'organizations:ListPoliciesForTarget': 10, // 5 levels × SCP and RCP
  'organizations:DescribePolicy': 9, // 6 distinct SCPs + 3 distinct RCPs
  'kms:GetKeyPolicy': 1,
  'kms:ListResourceTags': 1, // the key's tags (aws:ResourceTag)
}
