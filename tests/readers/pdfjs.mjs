// The text pdf.js (Firefox's viewer) extracts from a PDF, one line per
// text item that ends a line, pages in order. Usage: node pdfjs.mjs FILE.pdf
import { readFileSync } from "fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
for (let i = 1; i <= doc.numPages; i++) {
  const tc = await (await doc.getPage(i)).getTextContent();
  let line = "";
  for (const it of tc.items) {
    line += it.str;
    if (it.hasEOL) { console.log(line); line = ""; }
  }
  if (line) console.log(line);
}
