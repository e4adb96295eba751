import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Testing } from 'cdktf';
import { createRunFolder, removeRunFolder } from '../support/temporary-folder';

const VARIABLES = ['TMPDIR', 'POD_IDENTITY_MACHINE_TMPDIR'] as const;

describe("the test run's temporary folder", () => {
  it('is where this test file, and cdktf, write temporary files', () => {
    expect(basename(tmpdir())).toMatch(/^pod-identity-test-/);
    expect(existsSync(tmpdir())).toBe(true);
    // cdktf's Testing.app() makes an outdir per app and never removes it.
    const outdir = Testing.app().outdir;
    expect(dirname(outdir)).toBe(tmpdir());
  });

  describe('createRunFolder and removeRunFolder', () => {
    const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
    let machine: string;

    beforeEach(() => {
      machine = mkdtempSync(join(tmpdir(), 'machine-'));
      process.env.TMPDIR = machine;
      delete process.env.POD_IDENTITY_MACHINE_TMPDIR;
    });
    afterEach(() => {
      for (const name of VARIABLES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      rmSync(machine, { recursive: true, force: true });
    });

    it('gives the run a new folder under the machine TMPDIR, then removes it with its contents and restores TMPDIR', () => {
      createRunFolder();
      const folder = tmpdir();
      expect(dirname(folder)).toBe(machine);
      expect(basename(folder)).toMatch(/^pod-identity-test-/);
      writeFileSync(join(folder, 'left-behind'), 'x');

      removeRunFolder();
      expect(existsSync(folder)).toBe(false);
      expect(process.env.TMPDIR).toBe(machine);
      expect(process.env.POD_IDENTITY_MACHINE_TMPDIR).toBeUndefined();
    });

    it('leaves TMPDIR unset afterwards when the machine had none', () => {
      createRunFolder();
      const folder = tmpdir();
      process.env.POD_IDENTITY_MACHINE_TMPDIR = '';

      removeRunFolder();
      expect(process.env.TMPDIR).toBeUndefined();
      expect(existsSync(folder)).toBe(false);
      // os.tmpdir() falls back to /tmp; the machine folder is not removed.
      expect(existsSync(machine)).toBe(true);
    });

    it('removes nothing when no run folder was made', () => {
      removeRunFolder();
      expect(process.env.TMPDIR).toBe(machine);
      expect(existsSync(machine)).toBe(true);
    });
  });
});
