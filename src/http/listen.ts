import { createServer, type RequestListener, type Server } from 'node:http';
import { ConfigError } from '../errors/config-error.js';

/**
 * Starts the HTTP server and resolves once it really listens. A port that cannot be had
 * rejects with a message naming it, so the process fails instead of printing "listening"
 * and exiting 0 (what Express's app.listen callback does on EADDRINUSE).
 */
export function listen(app: RequestListener, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    const onError = (err: NodeJS.ErrnoException) => reject(portError(err, port));
    server.once('error', onError);
    server.listen(port, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

function portError(err: NodeJS.ErrnoException, port: number): Error {
  if (err.code === 'EADDRINUSE') {
    return new ConfigError(`Port ${port} is already in use`, {
      hint: `Another program (another npm start?) listens on port ${port}: stop it, or set PORT in .env to a free port.`,
    });
  }
  if (err.code === 'EACCES') {
    return new ConfigError(`Port ${port} is not allowed for this user`, {
      hint: 'Ports below 1024 need privileges: set PORT in .env to 1024 or above (3000 by default).',
    });
  }
  return err;
}
