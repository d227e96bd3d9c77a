/** Builds the agents' inbox to api/src/inbox/ui/dist, served at /inbox/ (the app shell's build: ../../http/app-shell-vite.ts). */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { appShellBuild } from '../../http/app-shell-vite.ts';

export default appShellBuild(path.dirname(fileURLToPath(import.meta.url)), '/inbox/');
