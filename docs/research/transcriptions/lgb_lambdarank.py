# Own transcription (semantics) of LightGBM 4.x LambdarankNDCG::GetGradientsForOneQuery, in float64
# (LightGBM accumulates lambdas/hessians in float32 score_t; see notes).
import numpy as np, math, sys
BINS = 1024*1024
def make_table(sig):
    mn = -50.0/sig/2; mx = -mn
    fac = BINS/(mx-mn)
    i = np.arange(BINS, dtype=np.float64)
    tab = 1.0/(1.0+np.exp((i/fac+mn)*sig))
    return tab, mn, mx, fac
def get_sigmoid(x, T):
    tab, mn, mx, fac = T
    if x <= mn: return tab[0]
    if x >= mx: return tab[-1]
    return tab[int((x-mn)*fac)]
GAIN = [0.0]+[float((1<<i)-1) for i in range(1,31)]
def disc(k): return 1.0/math.log2(2.0+k)
def max_dcg_at_k(k, labels):
    k = min(k, len(labels)); ls = sorted(labels, reverse=True)
    return sum(GAIN[int(l)]*disc(j) for j,l in enumerate(ls[:k]))
def lambdarank(scores, labels, sigmoid=1.0, norm=True, trunc=30, weights=None, verbose=False, exact_sigmoid=False):
    T = make_table(sigmoid)
    cnt = len(scores)
    m = max_dcg_at_k(trunc, labels); inv = 1.0/m if m > 0 else 0.0
    lam = np.zeros(cnt); hes = np.zeros(cnt)
    order = sorted(range(cnt), key=lambda a: -scores[a])  # Python sort is stable == std::stable_sort(score[a]>score[b])
    best = scores[order[0]]; w = cnt-1
    if w > 0 and scores[order[w]] == -math.inf: w -= 1
    worst = scores[order[w]]
    s_l = 0.0; rows=[]
    for i in range(min(cnt-1, trunc)):
        if scores[order[i]] == -math.inf: continue
        for j in range(i+1, cnt):
            if scores[order[j]] == -math.inf: continue
            if labels[order[i]] == labels[order[j]]: continue
            hr, lr = (i, j) if labels[order[i]] > labels[order[j]] else (j, i)
            hi, lo = order[hr], order[lr]
            ds = scores[hi]-scores[lo]
            dndcg = (GAIN[int(labels[hi])]-GAIN[int(labels[lo])])*abs(disc(hr)-disc(lr))*inv
            raw = dndcg
            if norm and best != worst: dndcg /= (0.01 + abs(ds))
            p = (1.0/(1.0+math.exp(sigmoid*ds))) if exact_sigmoid else get_sigmoid(ds, T)
            ph = p*(1-p)
            pl = p*(-sigmoid*dndcg); ph = ph*sigmoid*sigmoid*dndcg
            lam[lo] -= pl; hes[lo] += ph; lam[hi] += pl; hes[hi] += ph
            s_l -= 2*pl
            rows.append(dict(high=hi, low=lo, high_rank=hr, low_rank=lr, ds=ds, dNDCG=raw, dNDCG_normed=dndcg, rho=p, lam=pl, hes=ph))
    nf = 1.0
    if norm and s_l > 0:
        nf = math.log2(1+s_l)/s_l; lam *= nf; hes *= nf
    if weights is not None: lam *= np.asarray(weights); hes *= np.asarray(weights)
    return lam, hes, dict(order=order, best=best, worst=worst, maxdcg=m, inv=inv, sum_lambdas=s_l, norm_factor=nf, pairs=rows)
def show(scores, labels, **kw):
    lam, hes, d = lambdarank(scores, labels, **kw)
    print(f"scores={scores} labels={labels} kw={kw}")
    print(f" order={d['order']} best={d['best']} worst={d['worst']} maxDCG={d['maxdcg']:.6f} invMaxDCG={d['inv']:.6f}")
    for r in d['pairs']:
        print(" pair high=doc%d(rank%d) low=doc%d(rank%d) ds=%.6f dNDCG=%.6f dNDCG/(0.01+|ds|)=%.6f rho=%.6f lambda=%.6f hess=%.6f" % (r['high'],r['high_rank'],r['low'],r['low_rank'],r['ds'],r['dNDCG'],r['dNDCG_normed'],r['rho'],r['lam'],r['hes']))
    print(f" sum_lambdas={d['sum_lambdas']:.6f} norm_factor={d['norm_factor']:.6f}")
    print(" grad=", np.array2string(lam, precision=6, floatmode='fixed'), " hess=", np.array2string(hes, precision=6, floatmode='fixed'))
if __name__ == "__main__":
    show([0.5,0.2,0.2],[0,2,1])
    show([0.5,0.2,0.2],[0,2,1], exact_sigmoid=True)
    show([0.5,0.2,0.2],[0,2,1], norm=False)
    show([0.3,1.0],[1,0])
    show([0.0,0.0,0.0],[0,2,1])
    show([0.0,0.0],[0,0])
    show([0.5,0.2,0.2],[0,2,1], weights=[1.0,2.0,0.5])
    T=make_table(1.0); print("sig(0)=",get_sigmoid(0.0,T), "sig(-0.3)=%.9f exact=%.9f"%(get_sigmoid(-0.3,T),1/(1+math.exp(-0.3))), "sig(30)=",get_sigmoid(30,T), "sig(-30)=",get_sigmoid(-30,T))
