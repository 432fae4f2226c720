import { useState, type FormEvent } from 'react';
import { appSettingsSchema } from '../../../shared/api';
import type { AppSettings, Theme } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { Card } from '../components/Card';
import { ScreenHeader } from '../components/ScreenHeader';
import { PathField } from '../components/PathField';
import { EndpointsSection } from './EndpointsSection';
import { SupportSection } from './SupportSection';
import { reportError, toast, useApp } from '../state/app';
import { go, saveSettings } from '../state/commands';
import { fieldErrors, type SettingsDraft, draftToSettings, settingsToDraft } from './settings-form';

export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const route = useApp((s) => s.route);
  const back = route.name === 'settings' && route.path ? route.path : undefined;

  return (
    <div className="settings">
      <div className="settings-inner">
        <ScreenHeader
          title="Settings"
          backText={back ? 'Back to the project' : 'Back to projects'}
          onBack={() => go(back ? { name: 'project', path: back } : { name: 'home' })}
          backTestId="settings-back"
        >
          <p className="muted">Saved for this computer, for every project.</p>
        </ScreenHeader>
        {settings ? (
          <SettingsForm key={JSON.stringify(settings)} settings={settings} />
        ) : (
          <div className="spinner" />
        )}
        <SupportSection />
      </div>
    </div>
  );
}

function SettingsForm({ settings }: { settings: AppSettings }) {
  const [draft, setDraft] = useState<SettingsDraft>(() => settingsToDraft(settings));
  const [errors, setErrors] = useState<Partial<Record<keyof AppSettings, string>>>({});
  const [saving, setSaving] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(settingsToDraft(settings));
  const system = useApp((s) => s.system);

  // A field's error goes away as soon as the field is edited.
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => (key in e ? { ...e, [key]: undefined } : e));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = draftToSettings(draft);
    const parsed = appSettingsSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setSaving(true);
    try {
      await saveSettings(parsed.data);
      toast('success', 'Settings saved.');
    } catch (err) {
      // The backend validates too: its issues land on the same fields.
      if (err instanceof StudioError && err.code === 'invalid_input' && Array.isArray(err.details)) {
        const found = fieldErrors(err.details);
        if (Object.keys(found).length > 0) setErrors(found);
        else reportError(err);
      } else reportError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="form settings-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <Card title="Appearance">
        <div className="field">
          <span className="field-label" id="theme-label">
            Theme
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="theme-label">
            {(['dark', 'light'] as Theme[]).map((t) => (
              <button
                key={t}
                type="button"
                role="radio"
                aria-checked={draft.theme === t}
                className={draft.theme === t ? 'active' : undefined}
                onClick={() => set('theme', t)}
                data-testid={`theme-${t}`}
              >
                {t === 'dark' ? 'Dark' : 'Light'}
              </button>
            ))}
          </div>
        </div>
        <div className="field">
          <label htmlFor="thumb-size">Thumbnail size</label>
          <div className="input-row">
            <input
              id="thumb-size-range"
              type="range"
              min={64}
              max={512}
              step={16}
              value={Number(draft.thumbnailSize) || 64}
              onChange={(e) => set('thumbnailSize', e.target.value)}
              aria-label="Thumbnail size slider"
              className="range"
            />
            <input
              id="thumb-size"
              className={errors.thumbnailSize ? 'input narrow invalid' : 'input narrow'}
              inputMode="numeric"
              value={draft.thumbnailSize}
              onChange={(e) => set('thumbnailSize', e.target.value)}
              data-testid="settings-thumbnail-size"
              aria-invalid={errors.thumbnailSize ? true : undefined}
            />
            <span className="muted small">px</span>
          </div>
          {errors.thumbnailSize ? (
            <div className="field-error">{errors.thumbnailSize}</div>
          ) : (
            <div className="field-hint">Width of a grid cell in the library, 64–512 px.</div>
          )}
        </div>
      </Card>

      <Card title="Projects and images">
        <PathField
          label="Projects folder"
          value={draft.projectsDir}
          onChange={(v) => set('projectsDir', v)}
          testId="settings-projects-dir"
          hint="New projects are saved here unless you choose another place."
          error={errors.projectsDir}
          pick="folder"
          browseTitle="Projects folder"
        />
        <div className="field">
          <label htmlFor="max-mp">Largest image to import</label>
          <div className="input-row">
            <input
              id="max-mp"
              className={errors.maxImageMegapixels ? 'input narrow invalid' : 'input narrow'}
              inputMode="decimal"
              value={draft.maxImageMegapixels}
              onChange={(e) => set('maxImageMegapixels', e.target.value)}
              data-testid="settings-max-megapixels"
              aria-invalid={errors.maxImageMegapixels ? true : undefined}
            />
            <span className="muted small">megapixels</span>
          </div>
          {errors.maxImageMegapixels ? (
            <div className="field-error">{errors.maxImageMegapixels}</div>
          ) : (
            <div className="field-hint">
              Larger images are skipped at import and listed in the report (1–1000).
            </div>
          )}
        </div>
        <div className="field">
          <span className="field-label" id="resume-jobs-label">
            Interrupted batch jobs
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="resume-jobs-label">
            {(['ask', 'auto'] as const).map((v) => (
              <button
                key={v}
                type="button"
                role="radio"
                aria-checked={draft.resumeJobs === v}
                className={draft.resumeJobs === v ? 'active' : undefined}
                onClick={() => set('resumeJobs', v)}
                data-testid={`resume-jobs-${v}`}
              >
                {v === 'ask' ? 'Ask' : 'Resume automatically'}
              </button>
            ))}
          </div>
          <div className="field-hint">
            A job stopped by a quit or a crash continues from the first image not done when its project opens.
          </div>
        </div>
        <div className="field">
          <label htmlFor="reviewer-name">Reviewer name</label>
          <input
            id="reviewer-name"
            className={errors.reviewerName ? 'input invalid' : 'input'}
            value={draft.reviewerName}
            onChange={(e) => set('reviewerName', e.target.value)}
            placeholder={
              system?.userName ? `${system.userName} (the system's user name)` : "The system's user name"
            }
            data-testid="settings-reviewer-name"
            aria-invalid={errors.reviewerName ? true : undefined}
          />
          {errors.reviewerName ? (
            <div className="field-error">{errors.reviewerName}</div>
          ) : (
            <div className="field-hint">Who the review history records for each accept, reject and edit.</div>
          )}
        </div>
      </Card>

      <EndpointsSection
        draft={draft.endpoints}
        error={errors.endpoints}
        onChange={(v) => set('endpoints', v)}
      />

      <div className="form-actions sticky-actions">
        <button
          type="button"
          className="btn"
          disabled={!dirty || saving}
          onClick={() => setDraft(settingsToDraft(settings))}
        >
          Discard changes
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="settings-save">
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
