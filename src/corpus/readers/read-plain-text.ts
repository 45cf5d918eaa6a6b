// .txt and .md files: UTF-8 text, read as it is.
export async function readPlainText(bytes: Buffer): Promise<string> {
  return bytes.toString('utf8');
}
