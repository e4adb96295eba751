import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Testing } from 'cdktf';
import { createRunFolder, removeRunFolder } from '../support/temporary-folder';

describe("the test run's temporary folder", () => {
  it('is where this test file, and cdktf, write temporary files', () => {
    expect(basename(tmpdir())).toMatch(/^pod-identity-test-/);
    expect(existsSync(tmpdir())).toBe(true);
    // cdktf's Testing.app() makes an outdir per app and never removes it.
    const outdir = Testing.app().outdir;
    expect(dirname(outdir)).toBe(tmpdir());
  });

  describe('createRunFolder and removeRunFolder', () => {
    let machine: string;
    beforeEach(() => {
      machine = mkdtempSync(join(tmpdir(), 'machine-'));
    });
    afterEach(() => rmSync(machine, { recursive: true, force: true }));

    it('give the run a new folder under the machine TMPDIR, then remove it with its contents and restore TMPDIR', () => {
      const env: NodeJS.ProcessEnv = { TMPDIR: machine, PATH: '/bin' };
      const folder = createRunFolder(env);
      expect(dirname(folder)).toBe(machine);
      expect(basename(folder)).toMatch(/^pod-identity-test-/);
      expect(env.TMPDIR).toBe(folder);
      writeFileSync(join(folder, 'left-behind'), 'x');

      removeRunFolder(env);
      expect(existsSync(folder)).toBe(false);
      expect(env).toEqual({ TMPDIR: machine, PATH: '/bin' });
      expect(existsSync(machine)).toBe(true);
    });

    it('leave TMPDIR unset afterwards when the machine had none', () => {
      const env: NodeJS.ProcessEnv = {};
      const folder = createRunFolder(env);
      expect(dirname(folder)).toBe(tmpdir());
      try {
        removeRunFolder(env);
        expect(env).toEqual({});
        expect(existsSync(folder)).toBe(false);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('remove nothing when no run folder was made', () => {
      const env: NodeJS.ProcessEnv = { TMPDIR: machine };
      removeRunFolder(env);
      expect(env).toEqual({ TMPDIR: machine });
      expect(existsSync(machine)).toBe(true);
    });
  });
});
