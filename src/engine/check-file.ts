/**
 * The per-file part of the pipeline: schema findings of each document, placed in the file. It
 * depends on nothing but the file, so worker threads and the cache run it apart from the engine.
 */
import { locate } from '../loader/locate.js';
import type { SourceDocument, SourceFile } from '../loader/load.js';
import { schemaFindings } from '../schema/to-findings.js';
import { validateTopology } from '../schema/validator.js';
import type { Diagnostic } from '../types.js';
import { linksOf, type FileLinks } from '../model/links.js';
import { documentModel } from '../model/build.js';

/** The schema findings of one document that parsed, placed in its file. */
export function schemaDiagnostics(file: SourceFile, doc: SourceDocument): Diagnostic[] {
  const errors = validateTopology(doc.data);
  return errors.length === 0 ? [] : schemaFindings(errors).map((finding) => ({
    ruleId: 'schema', severity: 'error', message: finding.message, filePath: file.path, doc: doc.index,
    pointer: finding.pointer, range: locate(file, doc.index, finding.pointer, finding.target).range,
    ...(finding.suggestions ? { suggestions: finding.suggestions } : {}),
  }));
}

/** Checks every document of a file against the schema and keeps the findings with the document. */
export function checkFile(file: SourceFile): SourceFile {
  for (const doc of file.documents) if (!doc.empty && !doc.syntaxErrors) doc.schemaDiagnostics ??= schemaDiagnostics(file, doc);
  return file;
}

/**
 * Makes the entities of each document that passed the schema and lets its data go: for a run that
 * needs nothing else of the data (no cache to fill, no links to work out), so that the workspace's
 * data never all lives at once beside the model, and dies young where the file was read.
 */
export function modelFile(file: SourceFile): SourceFile {
  checkFile(file);
  for (const doc of file.documents) {
    if (doc.empty || doc.syntaxErrors || doc.schemaDiagnostics?.length !== 0 || doc.model) continue;
    doc.model = documentModel({ file: file.path, doc: doc.index, data: doc.data });
    doc.data = undefined;
  }
  return file;
}

/**
 * What the file defines, refers to and claims as addresses, from the documents that enter the model
 * (syntax and schema findings keep a document out of it, and so out of other files' findings).
 */
export function fileLinks(file: SourceFile): FileLinks {
  checkFile(file);
  return linksOf(file.documents.filter((d) => !d.empty && !d.syntaxErrors && d.schemaDiagnostics?.length === 0).map((d) => d.data));
}
