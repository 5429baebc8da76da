"""Reference for bench/lstm: the article's LSTM classifier in PyTorch, one CPU thread.

Reads the already tokenised, already truncated data the Node bench wrote (so both sides see the same ids),
trains Embedding(vocab, 32) -> LSTM(64) -> Linear(classes) with softmax cross-entropy and Adam for the
same epochs and batch size, and prints one JSON line: samples/s (wall and CPU), and test predictions.

Modes:
  padded  every batch pre-padded to maxLength, as Keras' pad_sequences + LSTM (what the article runs);
  packed  pack_padded_sequence, so padding costs nothing (PyTorch's best practice; our masking equivalent).
Dropout: nn.LSTM has no recurrent dropout for one layer, so only the input dropout (on the embeddings) is
kept.
"""
import json
import sys
import time

import torch


class Net(torch.nn.Module):
    def __init__(self, vocab, dim, units, classes, dropout):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, dim)
        self.dropout = torch.nn.Dropout(dropout)
        self.lstm = torch.nn.LSTM(dim, units, batch_first=True)
        self.dense = torch.nn.Linear(units, classes)

    def forward(self, x, lengths=None):
        e = self.dropout(self.embedding(x))
        if lengths is not None:
            e = torch.nn.utils.rnn.pack_padded_sequence(e, lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(e)
        return self.dense(h[-1])


def batch(seqs, rows, max_length, mode):
    if mode == 'padded':
        x = torch.zeros((len(rows), max_length), dtype=torch.long)
        for i, r in enumerate(rows):
            s = seqs[r]
            if s:
                x[i, max_length - len(s):] = torch.tensor(s, dtype=torch.long)
        return x, None
    lengths = [max(1, len(seqs[r])) for r in rows]
    x = torch.zeros((len(rows), max(lengths)), dtype=torch.long)
    for i, r in enumerate(rows):
        s = seqs[r]
        if s:
            x[i, :len(s)] = torch.tensor(s, dtype=torch.long)
    return x, torch.tensor(lengths)


def main():
    spec = json.load(open(sys.argv[1]))
    mode = sys.argv[2]
    torch.set_num_threads(1)
    torch.manual_seed(spec['seed'])
    a = spec['architecture']
    net = Net(spec['vocabSize'], a['embeddingDim'], a['units'], spec['classes'], a['dropout'])
    opt = torch.optim.Adam(net.parameters(), lr=spec['learningRate'])
    loss_fn = torch.nn.CrossEntropyLoss()
    train_x, train_y = spec['train']['seqs'], spec['train']['y']
    n = len(train_y)
    bs = spec['batchSize']
    max_length = a['maxLength']
    g = torch.Generator().manual_seed(spec['seed'])

    net.train()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(spec['epochs']):
        order = torch.randperm(n, generator=g).tolist()
        for i in range(0, n, bs):
            rows = order[i:i + bs]
            x, lengths = batch(train_x, rows, max_length, mode)
            y = torch.tensor([train_y[r] for r in rows])
            opt.zero_grad()
            loss = loss_fn(net(x, lengths), y)
            loss.backward()
            opt.step()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0

    net.eval()
    preds = []
    test_x = spec['test']['seqs']
    with torch.no_grad():
        for i in range(0, len(test_x), 256):
            rows = list(range(i, min(i + 256, len(test_x))))
            x, lengths = batch(test_x, rows, max_length, mode)
            preds += net(x, lengths).argmax(1).tolist()
    samples = n * spec['epochs']
    print(json.dumps({
        'mode': mode,
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'trainSeconds': wall,
        'cpuSeconds': cpu,
        'samplesPerSecond': samples / wall,
        'samplesPerCpuSecond': samples / cpu,
        'predictions': preds,
    }))


if __name__ == '__main__':
    main()
