import type { HostInfoData } from "../../../preload/bridge-api.ts";
import type { Strings } from "./setup-strings.ts";

interface HostPanelProps {
  readonly t: Strings;
  readonly host: HostInfoData;
  readonly onOpenTester: () => void;
}

/** What testers need (address, QR code, PIN) and what the lab lead keeps (admin token, data folder). */
export const HostPanel = ({ t, host, onOpenTester }: HostPanelProps) => (
  <section className="host">
    <h2>{t.addresses}</h2>
    <div className="host-grid">
      <div>
        <p className="tester-url">{host.testerUrl}</p>
        <ul className="urls">
          {host.urls.map((url) => (
            <li key={url}>{url}</li>
          ))}
        </ul>
        <button type="button" onClick={onOpenTester}>
          {t.openTester}
        </button>
        <dl>
          <dt>{t.labPin}</dt>
          <dd className="secret">{host.pin ?? t.pinUnknown}</dd>
          <dt>{t.adminToken}</dt>
          <dd className="secret">{host.adminToken}</dd>
          <dt>{t.dataDir}</dt>
          <dd>{host.dataDir}</dd>
        </dl>
      </div>
      <figure>
        <img src={host.qrDataUrl} alt={host.testerUrl} width={280} height={280} />
        <figcaption>{t.scan}</figcaption>
      </figure>
    </div>
  </section>
);
