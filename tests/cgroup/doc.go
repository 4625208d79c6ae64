// Package cgroup tests cgroup links made with cgo.LinkCreate: a
// cgroup/connect4 program on a temporary cgroup v2 directory rewrites the
// connect() of a child process placed in that cgroup.
package cgroup
