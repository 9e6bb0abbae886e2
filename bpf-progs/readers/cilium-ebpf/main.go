// reader-cilium-ebpf: cilium/ebpf's ringbuf.Reader as a ringbench reader process
// (docs/reader-protocol.md). Built offline in GOPATH mode against Debian's
// golang-github-cilium-ebpf-dev (0.9.1 on Debian 12) by build-readers.sh.
//
// The measured loop is the library's own, as its users write it: ReadInto on one
// reused Record, which waits on a level-triggered epoll (EPOLLIN) when the ring is
// empty, loads consumer_pos and producer_pos with atomic loads, spins on a busy record
// and stores consumer_pos with atomic.StoreUint64 after every record (an XCHG on
// amd64: sequentially consistent). 0.9.1 reads the record header with a plain copy
// (io.ReadFull over the mapping), not an acquire load; harmless on x86-TSO, not on
// weaker machines (fixed upstream later).
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/ringbuf"
)

// consumed is bumped once per record by the read loop and read by the protocol
// goroutine: an atomic add per record, as ringbench's own consumers and the kernel
// bench's handler count.
var consumed int64

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "reader-cilium-ebpf: "+format+"\n", args...)
	os.Exit(1)
}

func openRing() *ebpf.Map {
	id, err := strconv.ParseUint(os.Getenv("RINGBENCH_MAP_ID"), 10, 32)
	if err != nil {
		fail("RINGBENCH_MAP_ID is not a map ID: %q", os.Getenv("RINGBENCH_MAP_ID"))
	}
	m, err := ebpf.NewMapFromID(ebpf.MapID(id))
	if err != nil {
		fail("open map %d: %v", id, err)
	}
	return m
}

// readAll runs the library's read loop until the reader is closed.
func readAll(rd *ringbuf.Reader, done chan<- error) {
	var rec ringbuf.Record
	for {
		if err := rd.ReadInto(&rec); err != nil {
			done <- err
			return
		}
		atomic.AddInt64(&consumed, 1)
	}
}

// readBackToBack is the same loop for back-to-back scenarios: the reader fires each batch
// itself (getpgid, which ringbench's producer answers for this process in this mode), the
// next one once it has consumed the last. ReadInto hides its waits, so "drained" is told by
// the count: a whole batch consumed.
func readBackToBack(rd *ringbuf.Reader, done chan<- error, batch int64, stopping *int32) {
	var rec ringbuf.Record
	for {
		if err := rd.ReadInto(&rec); err != nil {
			done <- err
			return
		}
		if n := atomic.AddInt64(&consumed, 1); n%batch == 0 && atomic.LoadInt32(stopping) == 0 {
			syscall.Getpgid(0)
		}
	}
}

// drain reads what the stopped producers left: Close interrupted a read blocked in
// epoll_wait, which no wake-up might end (with sampled notification the last records
// announce nothing); a fresh reader's epoll_ctl(ADD) polls the ring at once, so its
// first wait returns while records remain. The producers have stopped, so once a
// read blocks the ring is empty: 50 ms without a record ends the drain.
func drain(m *ebpf.Map) {
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		fail("reopen ring for the drain: %v", err)
	}
	done := make(chan error, 1)
	go readAll(rd, done)
	last := atomic.LoadInt64(&consumed)
	for {
		time.Sleep(50 * time.Millisecond)
		now := atomic.LoadInt64(&consumed)
		if now == last {
			break
		}
		last = now
	}
	rd.Close()
	<-done
}

func main() {
	m := openRing()
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		fail("ringbuf.NewReader: %v", err)
	}
	done := make(chan error, 1)
	var stopping int32
	batch, _ := strconv.ParseInt(os.Getenv("RINGBENCH_B2B_BATCH"), 10, 64)
	if batch > 0 {
		go readBackToBack(rd, done, batch, &stopping)
	} else {
		go readAll(rd, done)
	}

	out := bufio.NewWriter(os.Stdout)
	say := func(line string) {
		out.WriteString(line + "\n")
		out.Flush()
	}
	say("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "count":
			say("count " + strconv.FormatInt(atomic.LoadInt64(&consumed), 10))
		case "start":
			if batch > 0 {
				syscall.Getpgid(0) // the first batch; the read loop fires the rest
			}
		case "stop":
			atomic.StoreInt32(&stopping, 1)
			rd.Close()
			if err := <-done; !errors.Is(err, ringbuf.ErrClosed) {
				fail("read: %v", err)
			}
			drain(m)
			say("total " + strconv.FormatInt(atomic.LoadInt64(&consumed), 10))
			return
		default:
			// "measure" and anything newer: nothing to do (the protocol says ignore).
		}
	}
	// Standard input ended without a stop: ringbench is gone, or the line could not be read.
	fail("standard input ended before 'stop' (%v)", in.Err())
}
