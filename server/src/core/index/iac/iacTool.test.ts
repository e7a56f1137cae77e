import { strict as assert } from 'node:assert';
import { iacToolFor } from './iacTool';

suite('core/index/iac/iacTool', () => {
  test('the tool of a file by its name', () => {
    const table: [string, string | undefined][] = [
      ['main.tf', 'terraform'],
      ['infra/modules/vpc/outputs.tf', 'terraform'],
      ['main.tf.json', undefined],
      ['terraform.tfvars', undefined],
      ['k8s/deployment.yaml', 'kubernetes'],
      ['k8s/service.yml', 'kubernetes'],
      ['docker-compose.yml', 'compose'],
      ['docker-compose.override.yaml', 'compose'],
      ['deploy/docker-compose-dev.yml', 'compose'],
      ['compose.yaml', 'compose'],
      ['compose.yml', 'compose'],
      ['Dockerfile', 'dockerfile'],
      ['services/api/Dockerfile', 'dockerfile'],
      ['Dockerfile.prod', 'dockerfile'],
      ['api.Dockerfile', 'dockerfile'],
      ['Dockerfile.dockerignore', undefined],
      ['.dockerignore', undefined],
      ['Dockerfiles/README.md', undefined],
      ['package.json', undefined],
      ['README.md', undefined],
    ];
    for (const [path, tool] of table) {
      assert.equal(iacToolFor(path), tool, path);
    }
  });
});
