# Own transcription of rueycheng/AdaRank (paper-style) semantics, NDCG@10 Burges gain; same toy data.
import math, numpy as np, sys
sys.path.insert(0,'/work/research/scratch')
def ndcg(y, s, k=10):
    o=np.argsort(-np.asarray(s,float), kind='stable'); yy=np.asarray(y,float)[o][:k]
    d=((2**yy-1)/np.log2(np.arange(len(yy))+2)).sum()
    iy=np.sort(np.asarray(y,float))[::-1][:k]; idcg=((2**iy-1)/np.log2(np.arange(len(iy))+2)).sum()
    return d/(idcg if idcg!=0 else 1)
def fit(Q, nf, max_iter=500, tol=1e-4, estop=1):
    P=np.ones(len(Q))/len(Q); coef=np.zeros(nf)
    W=[np.array([ndcg(q['y'],[x[f] for x in q['X']]) for q in Q]) for f in range(nf)]
    best_tr=best_va=-np.inf; es=None; best=None
    for it in range(1,max_iter+1):
        f=max(range(nf), key=lambda f:(P@W[f], -f))   # first max wins (strict >)
        e=W[f]; a=0.5*math.log((P@(1+e))/(P@(1-e))); coef[f]+=a
        Ec=np.array([ndcg(q['y'],np.asarray(q['X'])@coef) for q in Q]); perf=Ec.mean()
        print(f" it={it} feat={f} alpha={a:.6f} E_comb={np.round(Ec,6)} mean={perf:.6f}")
        if perf>best_va+tol: es=0; best_va=perf; best=coef.copy()
        else: es+=1
        if perf>best_tr+tol: best_tr=perf
        elif es>=estop: break
        P=np.exp(-Ec); P/=P.sum(); print("   P=",np.round(P,6))
    return best
Q=[dict(X=[[0.9,0.1],[0.2,0.8],[0.5,0.5]], y=[0,2,1]),
   dict(X=[[0.3,0.6],[0.7,0.2],[0.1,0.9]], y=[1,0,2]),
   dict(X=[[0.8,0.3],[0.4,0.4],[0.6,0.7]], y=[2,0,1])]
c=fit(Q,2); print("coef=",np.round(c,6))
print("loss mean exp(-E)=%.6f"%np.mean([math.exp(-ndcg(q['y'],np.asarray(q['X'])@c)) for q in Q]))
