// SPDX-License-Identifier: GPL-2.0
/*
 * C++ self-test programs for the inic KUnit build; see
 * inic_kunit_selftest.h. Freestanding: includes no headers but ours.
 */
#include "inic_kunit_selftest.h"

namespace {

class shape {
public:
	explicit shape(int *live) : live_(live) { ++*live_; }
	virtual ~shape() { --*live_; }
	virtual int area() const = 0;

	shape(const shape &) = delete;
	shape &operator=(const shape &) = delete;

private:
	int *live_;
};

class rect final : public shape {
public:
	rect(int *live, int w, int h) : shape(live), w_(w), h_(h) {}
	int area() const override { return w_ * h_; }

private:
	int w_;
	int h_;
};

class square final : public shape {
public:
	square(int *live, int side) : shape(live), side_(side) {}
	int area() const override { return side_ * side_; }

private:
	int side_;
};

/* Counted from the constructor and destructor of each array element. */
unsigned int g_ctors;
unsigned int g_dtors;

class element {
public:
	element() : index_(g_ctors++) {}
	~element() { ++g_dtors; }
	unsigned int index() const { return index_; }

private:
	unsigned int index_;
};

template <typename T>
void destroy(T *&p)
{
	delete p;
	p = nullptr;
}

} // namespace

extern "C" int inic_kunit_cxx_shapes(int w, int h, int *live)
{
	shape *a, *b;
	int sum;

	*live = 0;
	a = new rect(live, w, h);
	if (!a)
		return -INIC_KUNIT_ENOMEM;
	b = new square(live, w);
	if (!b) {
		destroy(a);
		return -INIC_KUNIT_ENOMEM;
	}
	sum = a->area() + b->area();
	destroy(a);
	destroy(b);
	return sum;
}

extern "C" long inic_kunit_cxx_array(unsigned int n, unsigned int *ctors,
				     unsigned int *dtors)
{
	element *v;
	long sum = 0;

	g_ctors = 0;
	g_dtors = 0;
	v = new element[n];
	if (!v) {
		*ctors = g_ctors;
		*dtors = g_dtors;
		return -INIC_KUNIT_ENOMEM;
	}
	for (unsigned int i = 0; i < n; i++)
		sum += v[i].index();
	delete[] v;
	*ctors = g_ctors;
	*dtors = g_dtors;
	return sum;
}

extern "C" unsigned int inic_kunit_cxx_static_local(void)
{
	static unsigned int seed = inic_kunit_selftest_seed();
	static unsigned int calls;

	return seed + calls++;
}
