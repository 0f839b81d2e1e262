/** @strata/tui: the `strata` command. */
export { type CliIo, main } from './cli/main.ts';
export { type FileAccess, type LoadResult, loadObjects } from './report/load-objects.ts';
export { type ParsedManifests, parseManifests, type SkippedDocument } from './report/parse-manifests.ts';
export { type RenderOptions, renderText } from './report/render-text.ts';
