import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Validates an XML document with xmllint against an offline schema (never the network).
 * Returns the error lines, empty when the document is valid. libxml2's harmless
 * "Skipping import of schema ... already imported" warnings are left out.
 */
export function validateXml(xml: string, schemaPath: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-xmllint-'));
  const file = join(dir, 'document.xml');
  try {
    writeFileSync(file, xml, 'utf8');
    try {
      execFileSync('xmllint', ['--noout', '--nonet', '--schema', schemaPath, file], { encoding: 'utf8', stdio: 'pipe' });
      return [];
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '');
      const lines = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.includes('Skipping import of schema') && !line.endsWith(' fails to validate'));
      return lines.length > 0 ? lines : [stderr.trim() || 'xmllint failed'];
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
