// The Bedrock settings: which model plans chains and answers questions, in which region, through which endpoint
// (empty: the region's own; the local emulator in demos) and with which AWS profile. No model id: offline.
import { useState } from 'react';
import { useBedrockSettings } from './use-bedrock-settings';

export function BedrockCard({ onSaved }: { onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const { form, setForm, loaded, save } = useBedrockSettings(open, onSaved);

  const field = (key: keyof typeof form, label: string, placeholder: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input"
        value={form[key]}
        placeholder={placeholder}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        disabled={!loaded}
        data-testid={`bedrock-${key}`}
      />
    </label>
  );

  return (
    <section className="card">
      <button type="button" className="link-btn" onClick={() => setOpen(!open)} data-testid="bedrock-toggle">
        {open ? 'Hide' : 'Bedrock settings'}
      </button>
      {open && (
        <div className="chains-bedrock">
          {field('modelId', 'Model id (empty: offline planner)', 'anthropic.claude-3-5-sonnet-20240620-v1:0')}
          {field('region', 'Region', 'us-east-1')}
          {field('endpoint', 'Endpoint (empty: the region’s own)', 'http://127.0.0.1:4577')}
          {field('profile', 'AWS profile (empty: default credentials)', 'default')}
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void save()}
            disabled={!loaded}
            data-testid="bedrock-save"
          >
            Save
          </button>
        </div>
      )}
    </section>
  );
}
