import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalyseFileRequestBody } from '../core/protocol/analyseRequest';
import type { AnalysisResult } from '../core/report/result';

/**
 * Finished results on disk, keyed by (file, size, mtime) of every input and the request's settings,
 * so reopening a dashboard is instant and any change to the data or the settings misses the cache.
 * Holds at most `limit` entries (oldest dropped first).
 */
export class ResultCache {
  constructor(
    private readonly dir: string,
    private readonly limit = 200,
  ) {}

  /** The cache key of a request, or undefined when an input cannot be stat'ed. */
  async key(req: AnalyseFileRequestBody, labelsFile: string | null): Promise<string | undefined> {
    const files = [req.file, labelsFile, req.anchorsFile].filter((f): f is string => !!f);
    const h = createHash('sha256');
    try {
      for (const f of files) {
        const s = await stat(f);
        h.update(`${f}\0${s.size}\0${s.mtimeMs}\0`);
      }
    } catch {
      return undefined;
    }
    h.update(JSON.stringify({ ...req, labels: labelsFile }));
    return h.digest('hex').slice(0, 32);
  }

  async get(key: string): Promise<AnalysisResult | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')) as AnalysisResult;
    } catch {
      return undefined;
    }
  }

  async put(key: string, result: AnalysisResult): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${key}.json`), JSON.stringify(result));
    await this.trim();
  }

  private async trim(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    if (names.length <= this.limit) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.dir, n))).mtimeMs })));
    dated.sort((a, b) => a.t - b.t);
    await Promise.all(dated.slice(0, names.length - this.limit).map((e) => rm(join(this.dir, e.n), { force: true })));
  }
}
