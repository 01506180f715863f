// Export: the session rendered offline through the same worklet, helpers and
// rate as live playback, so the file holds the samples the page plays.
import { renderInWorklet } from '@aither/backend-worklet';
import workletURL from '@aither/backend-worklet/worklet?url';
import { encodeWav } from './wav.js';

export async function renderWav(code: string, seconds: number, sampleRate: number): Promise<{ wav: Blob; ok: boolean; message?: string }> {
  const { buffer, replies } = await renderInWorklet(code, { sampleRate, seconds, moduleURL: workletURL });
  const reply = replies[0]!;
  const planes = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  return { wav: encodeWav(planes, sampleRate), ok: reply.ok, ...(reply.ok ? {} : { message: reply.message }) };
}
