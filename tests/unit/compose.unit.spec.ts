/**
 * The deployment files, read as data: the services they declare, what each depends on, and
 * the properties that matter once they run somewhere real (pinned images, health checks,
 * named volumes, no default secret, a non-root image without dev dependencies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
};
type Compose = { services: Record<string, Service>; volumes: Record<string, unknown> };

const load = (file: string) => parse(read(file), { merge: true }) as Compose;
const single = load('docker-compose.yml');
const cluster = load('docker-compose.cluster.yml');
const nodes = ['eventstore1', 'eventstore2', 'eventstore3'];

function expectDatabaseNode(service: Service | undefined, clusterSize: string) {
  expect(service?.image).toMatch(/^eventstore\/eventstore:\d+\.\d+/);
  expect(service?.environment).toMatchObject({
    EVENTSTORE_CLUSTER_SIZE: clusterSize,
    EVENTSTORE_INSECURE: 'true',
    EVENTSTORE_RUN_PROJECTIONS: 'None',
    EVENTSTORE_HTTP_PORT: '2113',
  });
  expect(service?.healthcheck?.test.join(' ')).toContain('http://localhost:2113/health/live');
}

function expectApp(compose: Compose, store: string, databases: string[]) {
  const app = compose.services.app!;
  expect(app.build).toBe('.');
  expect(app.environment?.QANTAR_STORE).toBe(store);
  expect(app.environment?.PORT).toBe('3000');
  // Writes stay off unless the operator passes a token: there is no default secret.
  expect(app.environment?.QANTAR_EDITOR_TOKENS).toBe('${QANTAR_EDITOR_TOKENS:-}');
  expect(app.ports).toContain('3000:3000');
  for (const db of databases) expect(app.depends_on?.[db]).toEqual({ condition: 'service_healthy' });
  expect(app.command?.join(' ')).toMatch(/qantar -- import && exec npm start/);
  expectNamedVolume(compose, app, '/app/data');
}

function expectNamedVolume(compose: Compose, service: Service, target: string) {
  const mount = service.volumes?.find((v) => v.endsWith(`:${target}`));
  const name = mount?.split(':')[0];
  expect(name, `a volume at ${target}`).toMatch(/^[a-z][\w-]*$/);
  expect(Object.keys(compose.volumes)).toContain(name);
}

describe('docker-compose.yml', () => {
  it('runs one EventStoreDB node with a health check, named volumes and its port', () => {
    const db = single.services.eventstore;
    expectDatabaseNode(db, '1');
    expect(db?.ports).toContain('2113:2113');
    expectNamedVolume(single, db!, '/var/lib/eventstore');
    expectNamedVolume(single, db!, '/var/log/eventstore');
  });

  it('runs the app against it once it is healthy', () => {
    expectApp(single, 'esdb://eventstore:2113?tls=false', ['eventstore']);
  });
});

describe('docker-compose.cluster.yml', () => {
  it('runs three EventStoreDB nodes that find each other by gossip seeds', () => {
    for (const name of nodes) {
      const node = cluster.services[name];
      expectDatabaseNode(node, '3');
      expect(node?.environment?.EVENTSTORE_DISCOVER_VIA_DNS).toBe('false');
      const seeds = node?.environment?.EVENTSTORE_GOSSIP_SEED?.split(',') ?? [];
      expect(seeds.sort()).toEqual(nodes.filter((n) => n !== name).map((n) => `${n}:2113`));
      expectNamedVolume(cluster, node!, '/var/lib/eventstore');
    }
  });

  it('runs the app against all three, preferring the leader', () => {
    expectApp(
      cluster,
      'esdb://eventstore1:2113,eventstore2:2113,eventstore3:2113?tls=false&nodePreference=leader',
      nodes,
    );
  });
});

describe('both compose files', () => {
  it('pin every image and set no secret default', () => {
    for (const file of ['docker-compose.yml', 'docker-compose.cluster.yml']) {
      expect(read(file)).not.toMatch(/QANTAR_EDITOR_TOKENS:-[^}]/);
      for (const service of Object.values(load(file).services)) {
        if (!service.image) continue;
        expect(service.image).toMatch(/:[\w.-]+$/);
        expect(service.image).not.toMatch(/:latest$/);
      }
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs from another, both on Node 20', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20-bookworm-slim/);
    expect(stages[0]).toMatch(/python3 make g\+\+/);
    expect(stages.at(-1)).toMatch(/COPY --from=build \/app\/node_modules/);
  });

  it('installs no dev dependencies and runs as the node user', () => {
    expect(dockerfile).toMatch(/npm (ci|prune) --omit=dev/);
    // The app runs its TypeScript through tsx, so tsx must survive --omit=dev.
    expect(JSON.parse(read('package.json')).dependencies.tsx).toBeDefined();
    expect(stages.at(-1)).toMatch(/^USER node$/m);
    expect(stages.at(-1)).toMatch(/^WORKDIR \/app$/m);
    expect(stages.at(-1)).toMatch(/^EXPOSE 3000$/m);
    expect(stages.at(-1)).toMatch(/HEALTHCHECK[\s\S]*fetch\([\s\S]*\/healthz/);
  });

  it('keeps host-only files out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'data', '.git', 'tests/artifacts']) expect(ignored).toContain(entry);
  });
});
