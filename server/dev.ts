/** npm run dev: the API (as npm start runs it) and Vite's dev server with hot reload, proxying /api to it. */
import { createServer } from 'vite';

process.env.PORT ??= '3000';
await import('./main.ts');
const vite = await createServer({ configFile: 'vite.config.ts', server: { port: 5173, host: '127.0.0.1' } });
await vite.listen();
vite.printUrls();
