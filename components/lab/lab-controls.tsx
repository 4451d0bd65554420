import { memo } from 'react';
import type { LabSettings } from '../../server/lab/types';
import { ConnectionPolicySwitch } from './connection-policy-control';
import { NumberField } from './number-field';
import { RateSlider } from './rate-slider';

/** Limits of the lab's control API, mirrored so the inputs can hint at them; the lab stays the judge. */
export const SETTING_LIMITS = {
  ratePerSecond: { min: 0, max: 5000 },
  scrapeIntervalSeconds: { min: 0.25, max: 30 },
  workers: { min: 1, max: 16 },
  statsdBufferSize: { min: 0, max: 65_000 },
} as const;

/** hot-shots' default UDP buffer: metrics are batched until 1400 bytes or the flush interval. */
export const STATSD_BUFFER_ON = 1400;

export interface LabControlsProps {
  settings: LabSettings;
  /** Name of the control call in flight. */
  pending: string | null;
  error: string | null;
  onSettings: (patch: Partial<LabSettings>) => void;
  onDismissError: () => void;
}

function Toggle({
  label,
  on,
  onText,
  offText,
  disabled,
  testId,
  onChange,
}: {
  label: string;
  on: boolean;
  onText: string;
  offText: string;
  disabled: boolean;
  testId: string;
  onChange: (on: boolean) => void;
}) {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <button
        type="button"
        className={`toggle ${on ? 'toggle-on' : 'toggle-off'}`}
        aria-pressed={on}
        data-testid={testId}
        data-on={on}
        disabled={disabled}
        onClick={() => onChange(!on)}
      >
        {on ? onText : offText}
      </button>
    </div>
  );
}

/** Every knob of the lab's settings, in the order a demo uses them. */
export const LabControls = memo(function LabControls({
  settings,
  pending,
  error,
  onSettings,
  onDismissError,
}: LabControlsProps) {
  const busy = pending !== null;
  return (
    <div className="controls" data-testid="controls">
      <fieldset className="control-group">
        <legend className="visually-hidden">Load</legend>
        <RateSlider
          value={settings.ratePerSecond}
          max={SETTING_LIMITS.ratePerSecond.max}
          disabled={busy}
          testId="control-rate-range"
          onCommit={(ratePerSecond) => onSettings({ ratePerSecond })}
        />
        <NumberField
          label="rate"
          unit="req/s"
          value={settings.ratePerSecond}
          {...SETTING_LIMITS.ratePerSecond}
          step={1}
          disabled={busy}
          testId="control-rate"
          onCommit={(ratePerSecond) => onSettings({ ratePerSecond })}
        />
        <button
          type="button"
          className={`button ${settings.paused ? 'button-primary' : ''}`}
          data-testid="control-pause"
          data-paused={settings.paused}
          disabled={busy}
          onClick={() => onSettings({ paused: !settings.paused })}
        >
          {settings.paused ? '▶ Resume' : '❚❚ Pause'}
        </button>
      </fieldset>

      <fieldset className="control-group">
        <legend className="visually-hidden">Apps</legend>
        <NumberField
          label="workers"
          value={settings.workers}
          {...SETTING_LIMITS.workers}
          step={1}
          disabled={busy}
          testId="control-workers"
          onCommit={(workers) => onSettings({ workers })}
        />
        <Toggle
          label="StatsD buffer"
          on={settings.statsdBufferSize > 0}
          onText={`${settings.statsdBufferSize} B`}
          offText="off"
          disabled={busy}
          testId="control-buffering"
          onChange={(on) => onSettings({ statsdBufferSize: on ? STATSD_BUFFER_ON : 0 })}
        />
      </fieldset>

      <fieldset className="control-group">
        <legend className="visually-hidden">Scraper</legend>
        <NumberField
          label="scrape every"
          unit="s"
          value={settings.scrapeIntervalSeconds}
          {...SETTING_LIMITS.scrapeIntervalSeconds}
          step={0.25}
          disabled={busy}
          testId="control-scrape-interval"
          onCommit={(scrapeIntervalSeconds) => onSettings({ scrapeIntervalSeconds })}
        />
        <ConnectionPolicySwitch
          keepAlive={settings.metricsKeepAlive}
          disabled={busy}
          onChange={(metricsKeepAlive) => onSettings({ metricsKeepAlive })}
        />
      </fieldset>

      {error && (
        <div className="control-error" role="alert" data-testid="control-error">
          <span>{error}</span>
          <button type="button" className="button-link" onClick={onDismissError} aria-label="dismiss error">
            ✕
          </button>
        </div>
      )}
    </div>
  );
});

export interface FaultControlsProps {
  busy: boolean;
  onKillBridge: () => void;
  onReset: () => void;
}

/** The two calls that break or restart things, kept apart from the knobs. */
export const FaultControls = memo(function FaultControls({
  busy,
  onKillBridge,
  onReset,
}: FaultControlsProps) {
  return (
    <fieldset className="control-group control-faults">
      <legend className="visually-hidden">Faults</legend>
      <button
        type="button"
        className="button button-danger"
        data-testid="control-kill-bridge"
        disabled={busy}
        onClick={onKillBridge}
      >
        Kill bridge
      </button>
      <button type="button" className="button" data-testid="control-reset" disabled={busy} onClick={onReset}>
        Reset
      </button>
    </fieldset>
  );
});
