// Module hooks for ts-loader.mjs (they run on Node's loader thread).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function resolve(specifier, context, next) {
  if (specifier === '@ixora/migrations') {
    return { url: pathToFileURL(path.join(root, 'migrations', 'index.ts')).href, shortCircuit: true };
  }
  const app = /^@ixora\/apps\/([a-z-]+)$/.exec(specifier);
  if (app)
    return {
      url: pathToFileURL(path.join(root, 'apps', app[1], 'src', 'index.ts')).href,
      shortCircuit: true,
    };
  const lib = /^@ixora\/([a-z-]+)$/.exec(specifier);
  if (lib)
    return {
      url: pathToFileURL(path.join(root, 'libs', lib[1], 'src', 'index.ts')).href,
      shortCircuit: true,
    };
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = readFileSync(fileURLToPath(url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2023,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      sourceMap: false,
      inlineSourceMap: true,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
