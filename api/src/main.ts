/**
 * `npm start`: everything on one port (PORT, default 8787). A bad policy or configuration stops
 * start-up with the file, the field and the fix, exit code 1 and no stack trace.
 */
import { ContentError } from '../../content/src/errors.ts';
import { defaultLog } from './app.ts';
import { ConfigError, demoModeWarning, readConfig } from './config.ts';
import { startHelpway } from './server.ts';

function handleSignals(server: { stop(): Promise<void> }): void {
  const shutdown = (signal: string) => {
    defaultLog({ msg: 'shutting down', signal });
    server.stop().then(
      () => {
        defaultLog({ msg: 'stopped' });
        process.exit(0);
      },
      (error) => {
        process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function main(): Promise<void> {
  let running;
  try {
    const config = readConfig();
    const warning = demoModeWarning(config);
    if (warning) process.stderr.write(`${warning}\n`);
    running = await startHelpway(config);
    // Before "listening" is written: a supervisor that stops us as soon as it reads it must find the handlers in place.
    handleSignals(running);
    defaultLog({
      msg: 'listening',
      url: running.url,
      store: running.store.dialect,
      location: running.store.location,
      demoMode: config.demoMode,
      rateLimits: config.rateLimits ? 'on' : 'off',
    });
  } catch (error) {
    if (error instanceof ContentError || error instanceof ConfigError) {
      process.stderr.write(
        `Helpway cannot start: the ${error instanceof ContentError ? 'support policy' : 'configuration'} is not valid.\n${error.message}\n`,
      );
    } else {
      process.stderr.write(`Helpway cannot start: ${(error as Error).message ?? error}\n`);
    }
    process.exitCode = 1;
    return;
  }
}

await main();
