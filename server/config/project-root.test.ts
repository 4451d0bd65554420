import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot, PROJECT_ROOT } from './project-root';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-root-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function file(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

file('project/package.json', JSON.stringify({ name: 'scrape-lab' }));
file('project/dist/server/lab/main.js', '');
file('project/node_modules/next/package.json', JSON.stringify({ name: 'next' }));
file('project/broken/package.json', '{ not json');
fs.mkdirSync(path.join(root, 'elsewhere'));

describe('findProjectRoot', () => {
  it.each([
    ['a source folder', 'project/server/config'],
    ['a bundle deeper in dist/', 'project/dist/server/lab'],
    ['past a package of another name', 'project/node_modules/next/dist'],
    ['past a package.json that does not parse', 'project/broken/deeper'],
    ['the root itself', 'project'],
  ])('finds the project from %s', (_, start) => {
    expect(findProjectRoot(path.join(root, start))).toBe(path.join(root, 'project'));
  });

  it('says what it looked for when no folder above holds the project', () => {
    expect(() => findProjectRoot(path.join(root, 'elsewhere'))).toThrow(
      `no package.json named "scrape-lab" in ${path.join(root, 'elsewhere')} or any folder above it`,
    );
  });
});

describe('PROJECT_ROOT', () => {
  it('is this checkout', () => {
    expect(PROJECT_ROOT).toBe(path.resolve(import.meta.dirname, '../..'));
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'server/config/project-root.ts'))).toBe(true);
  });
});
