/**
 * Git over smart HTTP on 127.0.0.1, for Flux's source-controller and Argo CD's repo server:
 * a Node HTTP server handing each request to `git http-backend` (Debian's git) as CGI. Flux
 * only accepts http(s)/ssh URLs and go-git speaks only the smart protocol, so a plain static
 * server would not do.
 *
 *   const git = await startGitServer(dir);
 *   await git.commit('platform', { 'apps/web.yaml': yaml, 'old.yaml': null }, 'break the app');
 *   git.url('platform')   // http://127.0.0.1:<port>/platform.git
 *
 * Each repository is a bare repository served as `<name>.git`, written through a working copy
 * beside it: commit() writes (or, for null, deletes) files there, commits on `main` and pushes.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

export interface GitServer {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** The clone URL of a repository. */
  url(repo: string): string;
  /**
   * Writes files (path → content; null deletes) into `repo` (created on first use), commits them
   * on `main` and publishes the commit; resolves with its sha.
   */
  commit(repo: string, files: Readonly<Record<string, string | null>>, message: string): Promise<string>;
  stop(): Promise<void>;
}

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'user.name=strata-test', '-c', 'user.email=test@strata.invalid', ...args],
      { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`git ${args.join(' ')} in ${cwd} failed: ${stderr.trim() || error.message}`));
        else resolve(stdout.trim());
      },
    );
  });
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export async function startGitServer(dir: string): Promise<GitServer> {
  const served = join(dir, 'served');
  const work = join(dir, 'work');
  await mkdir(served, { recursive: true });
  await mkdir(work, { recursive: true });
  const created = new Map<string, Promise<void>>();
  let queue: Promise<unknown> = Promise.resolve();

  const server = createServer((req, res) => {
    handle(served, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`git http-backend failed: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const ensureRepo = (repo: string): Promise<void> => {
    if (!NAME.test(repo)) throw new Error(`invalid repository name ${JSON.stringify(repo)}`);
    let done = created.get(repo);
    if (done === undefined) {
      done = (async () => {
        const bare = join(served, `${repo}.git`);
        await git(dir, ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
        await git(bare, ['config', 'http.receivepack', 'false']);
        await git(dir, ['init', '--quiet', '--initial-branch=main', join(work, repo)]);
        await git(join(work, repo), ['remote', 'add', 'origin', bare]);
      })();
      created.set(repo, done);
    }
    return done;
  };

  return {
    base,
    url: (repo) => `${base}/${repo}.git`,
    commit(repo, files, message) {
      // One commit at a time: commits to one repository must not interleave.
      const next = queue.then(async () => {
        await ensureRepo(repo);
        const tree = join(work, repo);
        for (const [path, content] of Object.entries(files)) {
          if (path.startsWith('/') || path.split('/').includes('..')) throw new Error(`invalid path ${path}`);
          const file = join(tree, path);
          if (content === null) await rm(file, { force: true });
          else {
            await mkdir(dirname(file), { recursive: true });
            await writeFile(file, content);
          }
        }
        await git(tree, ['add', '--all']);
        await git(tree, ['commit', '--quiet', '--allow-empty', '-m', message]);
        await git(tree, ['push', '--quiet', 'origin', 'main']);
        return git(tree, ['rev-parse', 'HEAD']);
      });
      queue = next.catch(() => undefined);
      return next;
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** One request through `git http-backend` as CGI (RFC 3875), body buffered so CONTENT_LENGTH is exact. */
async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
  };
  const encoding = req.headers['content-encoding'];
  if (typeof encoding === 'string') env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  // A backend that exits before reading everything (a bad request) must not crash the server.
  child.stdin.on('error', () => {});
  child.stdin.end(body);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let pending = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const crlf = pending.indexOf('\r\n\r\n');
    const lf = pending.indexOf('\n\n');
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
    if (end < 0) return;
    const headerText = pending.subarray(0, end).toString('latin1');
    const rest = pending.subarray(end + (end === crlf ? 4 : 2));
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of headerText.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
      else headers[name] = value;
    }
    headersDone = true;
    res.writeHead(status, headers);
    res.write(rest);
  });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (!headersDone) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git http-backend exited with ${code}: ${stderr}\n`);
      } else res.end();
      resolve();
    });
  });
}
