/**
 * The preference centre's stylesheet, served from /p/assets (the page's CSP allows styles from the server only).
 * Fluid from 320 px: nothing has a fixed width, long words wrap, and focus is always visible.
 */
export const PREFERENCE_CENTRE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1f;background:#f6f6f8}
main{max-width:36rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
.languages{display:flex;flex-wrap:wrap;gap:.75rem;justify-content:flex-end;list-style:none;margin:0;padding:0}
.languages a,.languages span{display:inline-block;padding:.25rem .5rem}
.languages span{font-weight:600}
fieldset{border:1px solid #c4c4cc;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem;background:#fff;min-width:0}
fieldset.topic{border-color:#e0e0e6;margin:.5rem 0}
legend{font-weight:600;padding:0 .25rem}
.hint{color:#4a4a55;margin:.25rem 0 .5rem;font-size:.95rem}
.choice{display:flex;align-items:flex-start;gap:.6rem;padding:.35rem 0}
.choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none}
.choice label{flex:1}
button{font:inherit;font-weight:600;color:#fff;background:#1a5fb4;border:0;border-radius:.4rem;padding:.7rem 1.2rem;min-height:2.75rem;cursor:pointer;width:100%;max-width:20rem}
button:hover{background:#15498a}
a{color:#1a5fb4}
.outcome{background:#e6f4ea;border:1px solid #2e7d32;border-radius:.4rem;padding:.6rem .8rem}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
.outcome:focus{outline:3px solid #2e7d32;outline-offset:2px}
`;
