// TEST TOKENS: made up for ASPM's tests (they spell FAKE and aspmTest); no service accepts them.
// expect: secretlint/github/GITHUB_TOKEN
const githubToken = 'ghp_FAKEt0kenF0rASPMtests0000000000000000';
// expect: secretlint/slack/IncomingWebhook
const slackWebhook = 'https://hooks.slack.com/services/TFAKE0000/BFAKE0000/aspmTestWebhookNotReal000';

module.exports = { githubToken, slackWebhook };
