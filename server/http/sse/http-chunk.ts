const crlf = Buffer.from("\r\n", "latin1");

/**
 * `data` as one HTTP/1.1 chunk (size in hex, CRLF, the bytes, CRLF): exactly what a chunked
 * ServerResponse writes for `res.write(data)`, in one buffer for one socket write.
 */
export const httpChunkOf = (data: Uint8Array): Uint8Array => {
  if (data.byteLength === 0) return data;
  return Buffer.concat([Buffer.from(`${data.byteLength.toString(16)}\r\n`, "latin1"), data, crlf]);
};
