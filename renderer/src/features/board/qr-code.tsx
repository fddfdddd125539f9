import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";

/**
 * A QR code as a data: URL image (allowed by the server's CSP), dark on light so every phone
 * camera reads it. Drawn once per URL.
 */
export const QrCode = ({
  url,
  label,
  className,
}: {
  readonly url: string;
  readonly label: string;
  readonly className?: string;
}) => {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    toDataURL(url, {
      margin: 1,
      errorCorrectionLevel: "M",
      width: 320,
      color: { dark: "#000000", light: "#f2f5f8" },
    }).then(
      (data) => {
        if (!cancelled) setSrc(data);
      },
      () => {
        if (!cancelled) setSrc(null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [url]);
  if (src === null) return <span className={className} aria-hidden="true" />;
  return <img className={className} src={src} alt={label} title={url} data-url={url} />;
};
