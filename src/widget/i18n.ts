// The widget's words in Chinese and English.

export type UiLanguage = 'zh' | 'en';

export const STRINGS = {
  zh: {
    title: '讲话摘录问答',
    open: '打开问答',
    close: '关闭',
    placeholder: '输入你的问题',
    send: '发送',
    stop: '停止生成',
    retry: '重试',
    copy: '复制答案和来源',
    copied: '已复制',
    sources: '来源',
    source: '来源',
    openExcerpt: '查看原文页面',
    thinking: '正在检索摘录…',
    stopped: '（已停止）',
    starters: '可以这样问：',
    timeline: '讲话时间线',
    excerptCount: (count: number) => `${count} 段摘录`,
    rateAnswer: '这个回答有帮助吗？',
    helpful: '有帮助',
    unhelpful: '没帮助',
    commentPlaceholder: '补充说明（可选）',
    sendComment: '提交',
    thanks: '谢谢反馈',
    unreachable: '无法连接到问答服务：此网站可能未获授权使用该服务（服务器的 ALLOWED_ORIGINS），或服务暂时不可用。',
    abstained: '摘录未涉及',
    messages: '对话',
    input: '你的问题',
  },
  en: {
    title: 'Ask the speeches',
    open: 'Open the chat',
    close: 'Close',
    placeholder: 'Ask a question about the speeches',
    send: 'Send',
    stop: 'Stop generating',
    retry: 'Retry',
    copy: 'Copy the answer with its sources',
    copied: 'Copied',
    sources: 'Sources',
    source: 'Source',
    openExcerpt: 'Open the excerpt page',
    thinking: 'Searching the excerpts…',
    stopped: ' (stopped)',
    starters: 'Try asking:',
    timeline: 'Speeches by date',
    excerptCount: (count: number) => `${count} excerpt${count === 1 ? '' : 's'}`,
    rateAnswer: 'Was this answer helpful?',
    helpful: 'Helpful',
    unhelpful: 'Not helpful',
    commentPlaceholder: 'Add a comment (optional)',
    sendComment: 'Send',
    thanks: 'Thanks for the feedback',
    unreachable: 'Could not reach the chat service: this site may not be allowed to use it (the server’s ALLOWED_ORIGINS), or the service is down.',
    abstained: 'Not covered by the excerpts',
    messages: 'Conversation',
    input: 'Your question',
  },
} as const;

export type Strings = (typeof STRINGS)[UiLanguage];

/** The page's language decides unless data-lang does: Chinese for any zh-*, English otherwise. */
export function pickLanguage(requested: string | null | undefined, pageLanguage: string): UiLanguage {
  const choice = (requested || pageLanguage || 'zh').toLowerCase();
  return choice.startsWith('en') ? 'en' : 'zh';
}
