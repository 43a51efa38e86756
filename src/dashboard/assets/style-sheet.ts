/** The page's style sheet (served as /style.css: the CSP allows no inline style). */
export const STYLE_SHEET = `
:root { color-scheme: light dark; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --dim: #6e7781; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; }
header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1em; border-bottom: 1px solid #8884; flex-wrap: wrap; }
header nav a { margin-right: 1em; } header nav a[aria-current] { font-weight: bold; }
header form.drift { margin-left: auto; display: flex; gap: .6em; align-items: center; }
main, #live { padding: 0 1em 1em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { text-align: left; vertical-align: top; padding: .3em .6em; border-bottom: 1px solid #8883; }
.badge, .health { display: inline-block; padding: 0 .45em; border-radius: .6em; font-size: 12px; color: #fff; background: var(--dim); }
.badge.ok, .health.ok { background: var(--ok); } .badge.warn { background: var(--warn); } .badge.bad, .health.bad { background: var(--bad); }
.module { white-space: nowrap; margin-right: .4em; }
pre.output, pre { white-space: pre-wrap; max-width: 70em; max-height: 20em; overflow: auto; background: #8881; padding: .4em; margin: .2em 0; }
ul.health-checks, ol.steps { margin: .2em 0; padding-left: 1.3em; }
ul.health-checks li.bad { color: var(--bad); } ul.health-checks li.ok { color: var(--ok); }
.hint { color: inherit; opacity: .85; font-size: 12px; }
li.failed-step { color: var(--bad); font-weight: bold; }
span.dim:not(.health), p.dim { color: var(--dim); } .problem { color: var(--bad); }
#live { border-bottom: 1px solid #8884; }
`;
