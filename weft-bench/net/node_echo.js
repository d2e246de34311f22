// Node's `net` echo server for Weft's network benchmarks: every chunk that arrives is written back.
// usage: node node_echo.js PORT     (binds 127.0.0.1; prints "ready")
const net = require('net');
const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => socket.destroy());
});
server.listen({ host: '127.0.0.1', port: Number(process.argv[2]), backlog: 4096 }, () => console.log('ready'));
