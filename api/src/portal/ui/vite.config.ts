/** Builds the client portal to api/src/portal/ui/dist, served at /portal/ (the app shell's build: ../../http/app-shell-vite.ts). */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { appShellBuild } from '../../http/app-shell-vite.ts';

export default appShellBuild(path.dirname(fileURLToPath(import.meta.url)), '/portal/');
