// esbuild bundles to CommonJS; code that locates files with import.meta.url gets this instead.
export const import_meta_url = require('url').pathToFileURL(__filename).href;
