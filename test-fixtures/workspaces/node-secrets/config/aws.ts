// TEST CREDENTIALS: made up for ASPM's tests (they spell FAKE and ASPM); no AWS account has them.
export const aws = {
  // The access key id alone is an identifier: secretlint reports the secret access key of the pair.
  aws_access_key_id: 'AKIAFAKE0ASPM0TEST00',
  // expect: secretlint/aws/AWSSecretAccessKey
  aws_secret_access_key: 'fakeASPMtestSecretKey0000000000000000000',
};

// AWS's documentation example pair: secretlint allows it, so it is not reported.
export const documentationExample = {
  aws_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
  aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
