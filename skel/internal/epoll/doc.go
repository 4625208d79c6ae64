// Package epoll holds what golibbpf's event readers (skel/ringbuf and
// skel/perfbuf) share: a Poller that waits on their fds with epoll and can
// be interrupted by Close or a context, a Guard that lets Close run while a
// read is in progress in another goroutine without unmapping memory under
// it, and MapInfo, the map facts a reader checks before it maps a map.
package epoll
