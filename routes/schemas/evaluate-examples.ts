// Example bodies shown in the OpenAPI document (and used by the README's curl examples).
export const evaluateExample = {
  request: {
    principal: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::my-bucket/reports/q3.csv',
    context: { 'aws:SourceIp': '203.0.113.7', 'aws:SecureTransport': true },
  },
  policies: {
    identity: [
      {
        id: 'arn:aws:iam::111122223333:policy/deploy',
        document: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket' }],
        },
      },
    ],
    scp: [[{ id: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]],
  },
}

export const evaluateExamples = [evaluateExample]
