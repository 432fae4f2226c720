// The Bedrock settings as the card's form holds them (strings; empty means none), read when the card opens
// and saved back. The form is `loaded` once read: until then typing would be overwritten by what arrives.
import { useEffect, useState } from 'react';
import type { BedrockSettings } from '../../../shared/api/chains';
import { api } from '../api';
import { attempt, toast } from '../state/app';

export interface BedrockForm {
  modelId: string;
  region: string;
  endpoint: string;
  profile: string;
}

const blank = (v: string) => (v.trim() ? v.trim() : null);

export function useBedrockSettings(open: boolean, onSaved: () => void) {
  const [form, setForm] = useState<BedrockForm>({ modelId: '', region: '', endpoint: '', profile: '' });
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    if (!open) return;
    void attempt(() => api.chains.bedrockSettings({})).then((s?: BedrockSettings) => {
      // A failed read (a toast says why) still leaves the form to fill in.
      if (s)
        setForm({
          modelId: s.modelId ?? '',
          region: s.region,
          endpoint: s.endpoint ?? '',
          profile: s.profile ?? '',
        });
      setLoaded(true);
    });
    // Opened again, the form waits for a fresh read.
    return () => setLoaded(false);
  }, [open]);

  const save = async () => {
    const saved = await attempt(() =>
      api.chains.updateBedrockSettings({
        modelId: blank(form.modelId),
        region: form.region.trim(),
        endpoint: blank(form.endpoint),
        profile: blank(form.profile),
      }),
    );
    if (!saved) return;
    toast(
      'info',
      saved.modelId ? `Bedrock ${saved.modelId} plans chains now.` : 'The offline planner plans chains now.',
    );
    onSaved();
  };

  return { form, setForm, loaded, save };
}
