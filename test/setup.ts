// Ink renders only the last frame when CI is set (is-in-ci); tests want every frame, as a person sees them.
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
delete process.env['NO_COLOR'];
delete process.env['FORCE_COLOR'];

// Each test file gets its own temp folder (the product's and the test's temp files, and those of the CLI children,
// which inherit TMPDIR), removed when the file's tests end: a run leaves nothing in the machine's /tmp.
import {chmodSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll} from 'vitest';

const runTmp = mkdtempSync(join(tmpdir(), 'entra-logs-test-run-'));
// Searchable by others (not listable): the safety tests run the CLI as another user inside it, as /tmp allows.
chmodSync(runTmp, 0o711);
process.env['TMPDIR'] = runTmp;
// Retried: a CLI child or a store's spill may still be closing its last file as the folder goes (ENOTEMPTY, seen on
// a loaded machine with every test of the file passed).
afterAll(() => rmSync(runTmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100}));
