// The channel settings card's own words (zh-CN default, en-US), loaded with its page's chunk.
// The template variables are passed in as {aliyun} and {tencent}: written out, their braces
// would be read as placeholders.

export const CHANNEL_ZH = {
  channels: '客户渠道',
  channelsIntro:
    '通知短信经哪个网关发出，以及客户在公众号、聊天平台的留言如何进入系统。密钥加密保存，保存后不再显示。',
  sms: '短信网关',
  smsProvider: '通知短信发送方式',
  'provider.webhook': '企业短信网关（通知页设置的网关地址）',
  'provider.aliyun': '阿里云短信',
  'provider.tencent': '腾讯云短信',
  keyIdAliyun: 'AccessKey ID',
  keySecretAliyun: 'AccessKey Secret',
  keyIdTencent: 'SecretId',
  keySecretTencent: 'SecretKey',
  signName: '短信签名',
  sdkAppId: 'SdkAppId（短信应用 ID）',
  region: '地域',
  templateId: '通知模板 ID',
  templateHelp:
    '模板变量依次为标题、开始时间、结束时间：阿里云写作 {aliyun}，腾讯云写作 {tencent}。每个变量不超过 35 个字。',
  replyTemplateId: '案件回复模板 ID',
  replyTemplateHelp:
    '公众号和邮件以外的客户（来电客户等）收到案件回复短信。运营商只放行审核过的模板，短信不含回复全文：模板变量依次为案件编号、查询码，阿里云写作 {aliyun}，腾讯云写作 {tencent}；客户凭查询码在进度查询页阅读回复。留空则不发回复短信。',
  statusTemplateId: '案件状态通知模板 ID',
  statusTemplateHelp:
    '案件受理、办结等状态变化通知客户时使用的模板，变量与回复模板相同（案件编号、查询码）：阿里云写作 {aliyun}，腾讯云写作 {tencent}。留空则使用案件回复模板。',
  receiptUrl: '短信回执地址',
  receiptUrlHelp:
    '在云服务控制台填入此地址以接收短信状态报告（阿里云：回执消息配置 → HTTP 批量推送；腾讯云：回调配置 → 短信下发状态）。通知和案件短信据此显示“已送达”或“发送失败”。地址含本单位专用口令，请勿外传。',
  endpoint: '接口地址（可选）',
  endpointHelp: '留空使用云服务的公网地址；专线或代理地址须在出站白名单内。',
  secretSet: '已设置，末四位 {last4}；留空则保留',
  secretSetShort: '已设置；留空则保留',
  wechat: '微信公众号',
  wechatEnabled: '接收公众号留言',
  appId: 'AppID',
  token: '令牌（Token）',
  tokenHelp: '3–32 位字母或数字，与公众号后台“服务器配置”一致。',
  appSecret: 'AppSecret',
  aesKey: '消息加解密密钥（EncodingAESKey）',
  aesKeyHelp:
    '与公众号后台“服务器配置”一致（43 位字母或数字）。填写后只接收加密消息（安全模式或兼容模式），被动回复也加密，须同时填写 AppID；留空则保留已存的密钥。',
  modeSafe: '当前为安全模式：只接收加密消息',
  modePlain: '当前为明文模式',
  plainMode: '改回明文模式（删除已存的密钥）',
  serverUrl: '服务器地址（URL）',
  wechatApiBase: '公众号接口地址（可选）',
  wechatApiBaseHelp:
    '案件回复经客服消息接口发给留言的粉丝（需填 AppID 和 AppSecret；粉丝 48 小时内未互动时微信会拒收）。留空使用 api.weixin.qq.com；企业网关或代理地址须在出站白名单内。',
  chat: '聊天平台 Webhook',
  chatEnabled: '接收聊天平台消息',
  chatSecret: '签名密钥',
  chatSecretHelp: '至少 16 个字符；请求头 x-manyi-signature 为 sha256= 加时间戳与正文的 HMAC。',
  webhookUrl: '推送地址',
  enabled: '开启',
  disabled: '关闭',
}

export const CHANNEL_EN: Record<keyof typeof CHANNEL_ZH, string> = {
  channels: 'Customer channels',
  channelsIntro:
    'Which gateway notice SMS go through, and how messages customers leave on the Official Account or a chat platform reach Manyi. Keys are stored encrypted and not shown again once saved.',
  sms: 'SMS gateway',
  smsProvider: 'Notice SMS sent through',
  'provider.webhook': 'Company SMS gateway (the address set on the notices page)',
  'provider.aliyun': 'Alibaba Cloud SMS',
  'provider.tencent': 'Tencent Cloud SMS',
  keyIdAliyun: 'AccessKey ID',
  keySecretAliyun: 'AccessKey Secret',
  keyIdTencent: 'SecretId',
  keySecretTencent: 'SecretKey',
  signName: 'SMS signature',
  sdkAppId: 'SdkAppId (SMS application ID)',
  region: 'Region',
  templateId: 'Notice template ID',
  templateHelp:
    'The template’s variables are the title, start and end, in this order: {aliyun} at Alibaba Cloud, {tencent} at Tencent Cloud. At most 35 characters each.',
  replyTemplateId: 'Case reply template ID',
  replyTemplateHelp:
    'Customers reached neither on the Official Account nor by e-mail (callers, say) get case replies by SMS. Carriers pass approved templates only, so the SMS does not carry the reply: the template’s variables are the case number and status key, in this order: {aliyun} at Alibaba Cloud, {tencent} at Tencent Cloud; the customer reads the reply on the status page with the key. Empty: no reply SMS.',
  statusTemplateId: 'Case status template ID',
  statusTemplateHelp:
    'Used when customers are told of a case’s status changes (accepted, resolved…); the same variables as the reply template (case number, status key): {aliyun} at Alibaba Cloud, {tencent} at Tencent Cloud. Empty: the case reply template is used.',
  receiptUrl: 'SMS receipt URL',
  receiptUrlHelp:
    'Enter this address in the cloud’s console to receive delivery reports (Alibaba Cloud: receipt settings → HTTP batch push; Tencent Cloud: callback settings → SMS delivery status). Notices and case messages then show delivered or failed. The address holds your organisation’s own token: keep it private.',
  endpoint: 'Endpoint (optional)',
  endpointHelp:
    'Empty: the cloud’s public address. A private line or proxy must be on the outbound allow list.',
  secretSet: 'Set, ending {last4}; leave empty to keep it',
  secretSetShort: 'Set; leave empty to keep it',
  wechat: 'WeChat Official Account',
  wechatEnabled: 'Receive Official Account messages',
  appId: 'AppID',
  token: 'Token',
  tokenHelp: '3–32 letters or digits, as under “Server configuration” in the account’s console.',
  appSecret: 'AppSecret',
  aesKey: 'Message encryption key (EncodingAESKey)',
  aesKeyHelp:
    'As under “Server configuration” in the account’s console (43 letters or digits). Once set, only encrypted messages are taken (safe or compatible mode) and passive replies are encrypted; the AppID is needed too. Leave empty to keep the stored key.',
  modeSafe: 'Safe mode: only encrypted messages are taken',
  modePlain: 'Plain mode',
  plainMode: 'Back to plain mode (delete the stored key)',
  serverUrl: 'Server URL',
  wechatApiBase: 'Official Account API address (optional)',
  wechatApiBaseHelp:
    'Case replies go to the follower who wrote through the customer-service message API (AppID and AppSecret needed; WeChat refuses followers silent for over 48 hours). Empty: api.weixin.qq.com. A company gateway or proxy must be on the outbound allow list.',
  chat: 'Chat platform webhook',
  chatEnabled: 'Receive chat platform messages',
  chatSecret: 'Signing secret',
  chatSecretHelp:
    'At least 16 characters; x-manyi-signature carries sha256= and the HMAC of the timestamp and body.',
  webhookUrl: 'Push address',
  enabled: 'On',
  disabled: 'Off',
}
