// The owner's pages: the sign-in form, and the dashboard's shell, which /admin/assets/admin.js fills in.
import { escapeHtml } from './html.ts';

export type AdminLanguage = 'zh' | 'en';

const STRINGS = {
  zh: {
    title: '问答统计',
    token: '管理令牌',
    signIn: '登录',
    wrong: '令牌不正确。',
    hint: '令牌即服务器上设置的 ADMIN_TOKEN。',
    other: 'English',
    loading: '正在加载…',
    noscript: '统计页需要 JavaScript。',
  },
  en: {
    title: 'Questions and feedback',
    token: 'Admin token',
    signIn: 'Sign in',
    wrong: 'That token is not right.',
    hint: 'The token is the ADMIN_TOKEN set on the server.',
    other: '中文',
    loading: 'Loading…',
    noscript: 'The dashboard needs JavaScript.',
  },
} as const;

const ADMIN_CSS = `
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; color: #1d1d1f; background: #f5f5f7; }
.login { max-width: 360px; margin: 12vh auto; background: #fff; border: 1px solid #ddd; border-radius: 10px; padding: 24px; }
.login h1 { font-size: 20px; margin: 0 0 16px; }
.login label { display: block; font-weight: 600; margin-bottom: 6px; }
.login input { width: 100%; box-sizing: border-box; font: inherit; padding: 8px 10px; border: 1px solid #bbb; border-radius: 6px; }
.login button { margin-top: 12px; font: inherit; padding: 8px 16px; border: 0; border-radius: 6px; background: #b4232a; color: #fff; cursor: pointer; }
.login .error { color: #b4232a; }
.login .hint { color: #666; font-size: 13px; }
`;

function shell(options: { language: AdminLanguage; title: string; body: string; head?: string; scripts?: string }): string {
  return `<!doctype html>
<html lang="${options.language === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title>
<style>${ADMIN_CSS}</style>
${options.head ?? ''}
</head>
<body>
${options.body}
${options.scripts ?? ''}
</body>
</html>`;
}

export function adminLoginPage(language: AdminLanguage, failed: boolean): string {
  const text = STRINGS[language];
  return shell({
    language,
    title: text.title,
    body: `<main class="login">
<h1>${escapeHtml(text.title)}</h1>
<form method="post" action="/admin/login?lang=${language}">
<label for="token">${escapeHtml(text.token)}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
${failed ? `<p class="error" role="alert">${escapeHtml(text.wrong)}</p>` : ''}
<p class="hint">${escapeHtml(text.hint)}</p>
<button type="submit">${escapeHtml(text.signIn)}</button>
</form>
<p><a href="/admin?lang=${language === 'en' ? 'zh' : 'en'}">${escapeHtml(text.other)}</a></p>
</main>`,
  });
}

export function adminDashboardPage(language: AdminLanguage): string {
  const text = STRINGS[language];
  return shell({
    language,
    title: text.title,
    head: '<link rel="stylesheet" href="/admin/assets/admin.css">',
    body: `<div id="dashboard" data-lang="${language}"><p>${escapeHtml(text.loading)}</p></div><noscript>${escapeHtml(text.noscript)}</noscript>`,
    scripts: '<script src="/admin/assets/admin.js" defer></script>',
  });
}
