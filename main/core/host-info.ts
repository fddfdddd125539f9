import QRCode from "qrcode";
import { type LabServer, readSecretFile } from "../../server/index.ts";
import type { HostInfoData } from "../../preload/bridge-api.ts";

/** What the setup window shows the lab lead once the embedded server runs (the bridge's shape). */
export type HostInfo = HostInfoData;

const isLoopback = (url: string): boolean => {
  const host = new URL(url).hostname;
  return host === "localhost" || host.startsWith("127.") || host === "[::1]";
};

/** The tester page of a server origin. */
export const testerPageUrl = (origin: string): string => new URL("/", origin).toString();

export const lanFirst = (urls: ReadonlyArray<string>): ReadonlyArray<string> => [
  ...urls.filter((url) => !isLoopback(url)),
  ...urls.filter((url) => isLoopback(url)),
];

export const qrCodeDataUrl = (text: string): Promise<string> =>
  QRCode.toDataURL(text, {
    errorCorrectionLevel: "M",
    margin: 2,
    width: 320,
    color: { dark: "#000000", light: "#ffffff" },
  });

export const describeHost = async (server: LabServer): Promise<HostInfo> => {
  const urls = lanFirst(server.urls);
  const testerUrl = testerPageUrl(urls[0] ?? server.localUrl);
  return {
    urls,
    testerUrl,
    qrDataUrl: await qrCodeDataUrl(testerUrl),
    adminToken: server.adminToken,
    pin: readSecretFile(server.paths.labPin),
    dataDir: server.paths.root,
  };
};

/**
 * Sets the lab PIN through the server's own admin API (the same path a script would use); the
 * server notes it in the data dir beside the admin token, where the setup window reads it back.
 */
export const changeLabPin = async (server: LabServer, pin: string): Promise<void> => {
  const response = await fetch(`${server.localUrl}/api/settings/pin`, {
    method: "PUT",
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ pin }),
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`the lab server refused the PIN (HTTP ${response.status})`);
};
