// The text PDFium (Chrome's and Edge's viewer) extracts from a PDF, page by
// page (FPDFText, as copy and search see it). Usage: node pdfium.cjs FILE.pdf
const { PDFiumLibrary } = require("@hyzyla/pdfium");
const fs = require("fs");
(async () => {
  const lib = await PDFiumLibrary.init();
  const doc = await lib.loadDocument(fs.readFileSync(process.argv[2]));
  for (const page of doc.pages()) console.log(page.getText());
  doc.destroy();
  lib.destroy();
})().catch((e) => { console.error(String(e)); process.exit(1); });
