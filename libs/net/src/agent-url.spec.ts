import { agentUrlProblem, checkAgentUrl } from './agent-url.js';

describe('agent URLs', () => {
  it.each([
    'https://rs1.ix.example.net:8443',
    'https://192.0.2.1/',
    'http://127.0.0.1:9',
    'http://127.8.9.10:8080/',
    'http://127.1:8080',
    'http://localhost:8080',
    'http://LOCALHOST',
    'http://[::1]:8080',
    'http://0x7f000001/',
  ])('sends the token to %s', (url) => {
    expect(agentUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://rs1.ix.example.net:8080', /must be https/],
    ['http://192.0.2.1:8080', /must be https/],
    ['http://128.0.0.1', /must be https/],
    ['http://localhost.example.net', /must be https/],
    ['http://127.0.0.1.example.net', /must be https/],
    ['http://[::ffff:127.0.0.1]', /must be https/],
    ['http://[::2]', /must be https/],
    ['ftp://127.0.0.1', /must be an https/],
    ['javascript:alert(1)', /must be an https/],
    ['https://user:secret@rs1.example.net', /user name or password/],
    ['rs1.example.net:8443', /must be an https|not a URL/],
    ['not a url', /not a URL/],
  ])('refuses %s', (url, reason) => {
    expect(agentUrlProblem(url)).toMatch(reason);
    expect(() => checkAgentUrl(url)).toThrow(`agentUrl: ${JSON.stringify(url)}`);
  });
});
