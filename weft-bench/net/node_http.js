// Node's `http` hello server for Weft's network benchmarks (full HTTP/1.1 parsing by Node).
// usage: node node_http.js PORT     (binds 127.0.0.1; prints "ready")
const http = require('http');
const body = 'Hello, world!\n';
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
}).listen({ host: '127.0.0.1', port: Number(process.argv[2]), backlog: 4096 }, () => console.log('ready'));
