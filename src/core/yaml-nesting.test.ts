// The nesting guard in front of the YAML composer: it lets real files through
// and stops every form of deep nesting, at any depth, without recursing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_YAML_DEPTH, yamlTooDeep } from './yaml-nesting.js';

const forms: Record<string, (depth: number) => string> = {
  'flow sequences': (d) => `${'['.repeat(d)}${']'.repeat(d)}`,
  'flow mappings': (d) => `a: ${'{b: '.repeat(d)}1${'}'.repeat(d)}`,
  'block mappings': (d) => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
  'compact sequences': (d) => `${'- '.repeat(d)}1`,
};

describe('yamlTooDeep', () => {
  it('lets the reference plant through', () => {
    expect(yamlTooDeep(readFileSync('plants/reference.yaml', 'utf8'))).toBeUndefined();
  });

  for (const [name, form] of Object.entries(forms)) {
    it(`allows ${MAX_YAML_DEPTH} levels of ${name} and refuses one more`, () => {
      expect(yamlTooDeep(form(MAX_YAML_DEPTH - 1))).toBeUndefined();
      const refused = yamlTooDeep(form(MAX_YAML_DEPTH + 1));
      expect(refused).toMatchObject({ depth: MAX_YAML_DEPTH + 1 });
      expect(refused?.line).toBeGreaterThanOrEqual(1);
    });

    it(`measures 10,000 levels of ${name} without overflowing the stack`, () => {
      expect(yamlTooDeep(form(name === 'block mappings' ? 2_000 : 10_000))).toBeDefined();
    });
  }
});
