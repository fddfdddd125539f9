import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { QrCode } from "./qr-code.tsx";

/** The URL without its scheme: what a tester types when the code cannot be scanned. */
export const shortUrl = (url: string): string => url.replace(/^https?:\/\//, "").replace(/\/$/, "");

/**
 * One small code in the wall's header corner for the tester page, with its short URL as text
 * (a code per tile took a fifth of every tile and could not be read from 3 m). `?qr=off` hides it.
 */
export const CornerQr = ({ url }: { readonly url: string }) => {
  const { t } = useI18n();
  return (
    <div className="wall-qr" data-testid="wall-qr">
      <QrCode className="wall-qr-code" url={url} label={t("board.scan")} />
      <span className="wall-qr-text">
        <span className="wall-qr-caption">{t("board.scanHere")}</span>
        <span className="wall-qr-url" data-key="url">
          {shortUrl(url)}
        </span>
      </span>
    </div>
  );
};
