import { ConfigError, loadConfig } from '../config/env';
import { ensureVenv, VenvError } from './venv';

/**
 * `npm run python-demos`: builds (or checks) the venv the Django routes run in, as the first `npm start`
 * would, so CI and a speaker before a talk can have it ready. Exit 1 when Python is missing or pip fails.
 */

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`python-demos: ${err.message}`);
      return 2;
    }
    throw err;
  }
  try {
    const venv = await ensureVenv({
      ...(config.PYTHON ? { python: config.PYTHON } : {}),
      searchPath: config.PATH,
      log: (line) => console.log(line),
    });
    if (venv.kind === 'absent') {
      console.error(`python-demos: Python is ${venv.message}`);
      return 1;
    }
    console.log(`python-demos: ${venv.installed ? 'built' : 'up to date'}: ${venv.python}`);
    return 0;
  } catch (err) {
    if (!(err instanceof VenvError)) throw err;
    console.error(`python-demos: ${err.message}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
