# Analytic gradient of TF-Ranking ApproxNDCG loss (own derivation) vs finite differences
import numpy as np
def sig(x): return np.where(x>=0, 1/(1+np.exp(-np.abs(x))), np.exp(-np.abs(x))/(1+np.exp(-np.abs(x))))
def loss_and_grad(y, s, T=0.1):
    y=np.asarray(y,float); s=np.asarray(s,float); z=s/T
    if y.sum()<=0: return 0.0, np.zeros_like(s)   # list weight is 0 in TF-Ranking
    D = z[None,:]-z[:,None]                       # D[i,j] = z_j - z_i
    P = sig(D); r = 0.5 + P.sum(1)                # r_i = 1 + sum_{j!=i} sigmoid(z_j - z_i)
    g = 2.0**y - 1; idcg = (np.sort(g)[::-1]/np.log2(np.arange(2,len(y)+2))).sum()
    G = g/idcg
    L = -(G/np.log2(1+r)).sum()
    dL_dr = G/((1+r)*np.log(2)*np.log2(1+r)**2)   # d(-NDCG)/dr_i
    Q = P*(1-P); np.fill_diagonal(Q, 0.0)         # sigmoid'(z_j - z_i), j != i
    # dr_i/dz_k = Q[i,k] (k != i);  dr_i/dz_i = -sum_j Q[i,j]
    dz = Q.T@dL_dr - dL_dr*Q.sum(1)
    return L, dz/T
y=[0,2,1]; s=np.array([0.5,0.2,0.2])
L,gr=loss_and_grad(y,s); print("loss=%.6f grad=%s"%(L,np.round(gr,6)))
eps=1e-6; fd=[(loss_and_grad(y,s+eps*np.eye(3)[k])[0]-loss_and_grad(y,s-eps*np.eye(3)[k])[0])/(2*eps) for k in range(3)]
print("finite-diff grad=",np.round(fd,6))
L,gr=loss_and_grad([0,2,1],[0.,0.,0.]); print("all-zero scores: loss=%.6f grad=%s"%(L,np.round(gr,6)))
L,gr=loss_and_grad([1,0],[0.6,0.8]); print("docstring example: loss=%.6f grad=%s"%(L,np.round(gr,6)))
