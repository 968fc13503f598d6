// Reads a small JSON request body (control and login requests), refusing
// anything that is not one JSON object of at most 64 KiB.
const LIMIT = 64 * 1024;

export function readJsonBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > LIMIT) { reject(new Error('body larger than 64 KiB')); req.destroy(); return; }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') { resolve({}); return; }
      try {
        const value = JSON.parse(text);
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        resolve(value);
      } catch (err) {
        reject(new Error(`body must be a JSON object (${err.message})`));
      }
    });
    req.on('error', reject);
  });
}
