// 32-bit float WAV (IEEE float, format 3): the samples exactly as rendered.
export function encodeWav(planes: readonly Float32Array[], sampleRate: number): Blob {
  const channels = planes.length;
  const frames = planes[0]?.length ?? 0;
  const dataBytes = frames * channels * 4;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 3, true); // IEEE float
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 4, true);
  view.setUint16(32, channels * 4, true);
  view.setUint16(34, 32, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  const out = new Float32Array(buffer, 44);
  for (let c = 0; c < channels; c++) {
    const plane = planes[c]!;
    for (let i = 0, j = c; i < frames; i++, j += channels) out[j] = plane[i]!;
  }
  return new Blob([buffer], { type: 'audio/wav' });
}

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
